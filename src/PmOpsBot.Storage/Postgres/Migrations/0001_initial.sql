-- 0001: bot state (IStorage) and the initiative registry.
-- The PostgreSQL history mirrors the SQLite one script for script, with the same tables, columns and
-- formats, so the stores run the same SQL on both. Values keep SQLite's storage formats on purpose:
-- ids are Guid "D" text, timestamps ISO 8601 round-trip ("O") text in UTC (so text order is time
-- order; every one has the same shape, so any collation orders them by their digits), dates
-- yyyy-MM-dd, booleans 0/1 integers.

CREATE TABLE IF NOT EXISTS bot_state (
    key        TEXT NOT NULL PRIMARY KEY,
    etag       TEXT NOT NULL,
    json       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS initiatives (
    id              TEXT NOT NULL PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    team_id         TEXT NULL,
    channel_id      TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    description     TEXT NOT NULL,
    created_by_id   TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('project', 'operations')),
    confidence      DOUBLE PRECISION NOT NULL,
    is_mixed        INTEGER NOT NULL CHECK (is_mixed IN (0, 1)),
    signals_json    TEXT NOT NULL,
    stage           TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    decided_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_initiatives_tenant_name_key
    ON initiatives (tenant_id, name_key);

CREATE INDEX IF NOT EXISTS ix_initiatives_tenant_creator_decided
    ON initiatives (tenant_id, created_by_id, decided_at);

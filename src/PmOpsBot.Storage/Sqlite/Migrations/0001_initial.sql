-- 0001: bot state (IStorage) and the initiative registry.
-- IF NOT EXISTS: databases created before migrations were journaled already have bot_state, and
-- a migration must adopt such a table with its rows, never replace it.

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
    -- lower-cased, trimmed name: lookups by name ignore case and stray spaces
    name_key        TEXT NOT NULL,
    description     TEXT NOT NULL,
    created_by_id   TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('project', 'operations')),
    confidence      REAL NOT NULL,
    is_mixed        INTEGER NOT NULL CHECK (is_mixed IN (0, 1)),
    signals_json    TEXT NOT NULL,
    stage           TEXT NOT NULL,
    -- timestamps: ISO 8601 round-trip ("O") in UTC, so text order is time order
    created_at      TEXT NOT NULL,
    decided_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_initiatives_tenant_name_key
    ON initiatives (tenant_id, name_key);

CREATE INDEX IF NOT EXISTS ix_initiatives_tenant_creator_decided
    ON initiatives (tenant_id, created_by_id, decided_at);

-- 0003: the daily stand-up digest: subscriptions, once-a-day claims, open interviews, and the
-- initiative indexes the digest reads through. Only adds.

CREATE TABLE digest_subscriptions (
    id               TEXT NOT NULL PRIMARY KEY,
    tenant_id        TEXT NOT NULL,
    team_id          TEXT NULL,
    channel_id       TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    delivery_address TEXT NOT NULL,
    time_of_day      TEXT NOT NULL,
    time_zone_id     TEXT NOT NULL,
    working_days     TEXT NOT NULL,
    skip_quiet_days  INTEGER NOT NULL CHECK (skip_quiet_days IN (0, 1)),
    active           INTEGER NOT NULL CHECK (active IN (0, 1)),
    inactive_reason  TEXT NULL,
    created_by_id    TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    last_posted_at   TEXT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (tenant_id, channel_id, conversation_id)
);

CREATE INDEX ix_digest_subscriptions_active
    ON digest_subscriptions (active);

-- One row per subscription and local day once someone claimed that day's digest; taken and taken over
-- by a single upsert, so two instances can never both hold it.
CREATE TABLE digest_runs (
    subscription_id TEXT NOT NULL,
    local_date      TEXT NOT NULL,
    claimed_by      TEXT NOT NULL,
    claimed_at      TEXT NOT NULL,
    lease_until     TEXT NOT NULL,
    posted_at       TEXT NULL,
    PRIMARY KEY (subscription_id, local_date)
);

CREATE TABLE open_interviews (
    session_id      TEXT NOT NULL PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    team_id         TEXT NULL,
    conversation_id TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    user_name       TEXT NOT NULL,
    name            TEXT NULL,
    started_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE INDEX ix_open_interviews_tenant_team_updated
    ON open_interviews (tenant_id, team_id, updated_at);

CREATE INDEX ix_open_interviews_tenant_conversation_updated
    ON open_interviews (tenant_id, conversation_id, updated_at);

CREATE INDEX ix_initiatives_tenant_team_updated
    ON initiatives (tenant_id, team_id, updated_at);

CREATE INDEX ix_initiatives_tenant_team_handover_date
    ON initiatives (tenant_id, team_id, handover_date);

CREATE INDEX ix_initiatives_tenant_conversation_updated
    ON initiatives (tenant_id, conversation_id, updated_at);

CREATE INDEX ix_initiatives_tenant_conversation_handover_date
    ON initiatives (tenant_id, conversation_id, handover_date);

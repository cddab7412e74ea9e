-- 0003: the daily stand-up digest: subscriptions, once-a-day claims, open interviews, and the
-- initiative indexes the digest reads through.
-- Only adds: new tables and indexes, so rows written under 0001 and 0002 stay as they are.
--
-- No statement here may return rows (see 0002 and MigrationScriptTests): Microsoft.Data.Sqlite would
-- silently skip every statement after one that does. CREATE TABLE and CREATE INDEX never do.
--
-- Formats as in 0001/0002: ids are Guids as text ("D"), timestamps ISO 8601 round-trip ("O") in UTC
-- (so text order is time order), dates yyyy-MM-dd, booleans 0/1.

-- One digest per (tenant, channel, conversation); the scheduler reads the active ones.
CREATE TABLE digest_subscriptions (
    id               TEXT NOT NULL PRIMARY KEY,
    tenant_id        TEXT NOT NULL,
    team_id          TEXT NULL,
    channel_id       TEXT NOT NULL,
    conversation_id  TEXT NOT NULL,
    -- opaque to the store: the channel edge's serialised conversation reference
    delivery_address TEXT NOT NULL,
    -- local time of day, HH:mm (24 h)
    time_of_day      TEXT NOT NULL,
    -- IANA or Windows id, as given
    time_zone_id     TEXT NOT NULL,
    -- DayOfWeek numbers (Sunday = 0), ascending, comma-separated: '1,2,3,4,5'; '' for none
    working_days     TEXT NOT NULL,
    skip_quiet_days  INTEGER NOT NULL CHECK (skip_quiet_days IN (0, 1)),
    active           INTEGER NOT NULL CHECK (active IN (0, 1)),
    inactive_reason  TEXT NULL,
    created_by_id    TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    -- set when a claimed run is posted (MarkPostedAsync); only ever moves forward
    last_posted_at   TEXT NULL,
    -- when SaveAsync or DeactivateAsync last changed the settings
    updated_at       TEXT NOT NULL,
    UNIQUE (tenant_id, channel_id, conversation_id)
);

CREATE INDEX ix_digest_subscriptions_active
    ON digest_subscriptions (active);

-- One row per subscription and local day once someone claimed that day's digest. The claim is taken
-- and taken over by a single upsert (SqliteDigestSubscriptionStore.TryClaimAsync), so two processes
-- sharing the file can never both hold it. No foreign key: subscriptions are deactivated, never
-- deleted, and a run is history.
CREATE TABLE digest_runs (
    subscription_id TEXT NOT NULL,
    -- the subscriber's local date, yyyy-MM-dd
    local_date      TEXT NOT NULL,
    claimed_by      TEXT NOT NULL,
    claimed_at      TEXT NOT NULL,
    -- the claim is the holder's until then (unless posted: then it is final)
    lease_until     TEXT NOT NULL,
    posted_at       TEXT NULL,
    PRIMARY KEY (subscription_id, local_date)
) WITHOUT ROWID;

-- Interviews started and not finished, for the digest's "still open" list.
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

-- A digest's scope is its team, or its conversation when it has none: one index per scope kind.
CREATE INDEX ix_open_interviews_tenant_team_updated
    ON open_interviews (tenant_id, team_id, updated_at);

CREATE INDEX ix_open_interviews_tenant_conversation_updated
    ON open_interviews (tenant_id, conversation_id, updated_at);

-- SqliteInitiativeStore.ListForDigestAsync unites two range scans per scope kind: what changed since
-- the last digest (updated_at) and what is due or overdue (handover_date).
CREATE INDEX ix_initiatives_tenant_team_updated
    ON initiatives (tenant_id, team_id, updated_at);

CREATE INDEX ix_initiatives_tenant_team_handover_date
    ON initiatives (tenant_id, team_id, handover_date);

CREATE INDEX ix_initiatives_tenant_conversation_updated
    ON initiatives (tenant_id, conversation_id, updated_at);

CREATE INDEX ix_initiatives_tenant_conversation_handover_date
    ON initiatives (tenant_id, conversation_id, handover_date);

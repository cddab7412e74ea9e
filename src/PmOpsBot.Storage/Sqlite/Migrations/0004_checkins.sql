-- 0004: stand-up check-ins: owners' status answers (current and every saved version), pauses, and the
-- prompt log that keeps prompts and reminders to one per person, subscription and digest date.
-- Only adds: new tables and indexes.
--
-- No statement here may return rows (see 0002 and MigrationScriptTests). CREATE TABLE and CREATE INDEX never do.
-- Formats as in 0001-0003: ids Guid "D" text, timestamps ISO 8601 round-trip ("O") in UTC, dates yyyy-MM-dd, booleans 0/1.

-- The answer that counts: one per (initiative, author, subscription, digest date); editing replaces it.
CREATE TABLE checkin_answers (
    id              TEXT NOT NULL PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    initiative_id   TEXT NOT NULL,
    author_id       TEXT NOT NULL,
    author_name     TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    -- the subscriber's local date of the digest the answer is for
    digest_date     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('on_track', 'at_risk', 'blocked')),
    note            TEXT NULL,
    next_milestone  TEXT NULL,
    answered_at     TEXT NOT NULL,
    -- given after that digest had posted: reported by the next one
    late            INTEGER NOT NULL CHECK (late IN (0, 1)),
    UNIQUE (initiative_id, author_id, subscription_id, digest_date)
);

-- ListForDigestAsync: a digest's own answers, and later answers to earlier digests.
CREATE INDEX ix_checkin_answers_subscription_date
    ON checkin_answers (subscription_id, digest_date);

CREATE INDEX ix_checkin_answers_subscription_answered
    ON checkin_answers (subscription_id, answered_at);

-- Latest answer / answers of one initiative.
CREATE INDEX ix_checkin_answers_tenant_initiative_date
    ON checkin_answers (tenant_id, initiative_id, digest_date, answered_at);

-- Every saved version, append-only.
CREATE TABLE checkin_history (
    answer_id       TEXT NOT NULL,
    tenant_id       TEXT NOT NULL,
    initiative_id   TEXT NOT NULL,
    author_id       TEXT NOT NULL,
    author_name     TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    digest_date     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('on_track', 'at_risk', 'blocked')),
    note            TEXT NULL,
    next_milestone  TEXT NULL,
    answered_at     TEXT NOT NULL,
    late            INTEGER NOT NULL CHECK (late IN (0, 1))
);

CREATE INDEX ix_checkin_history_tenant_initiative_answered
    ON checkin_history (tenant_id, initiative_id, answered_at);

-- One pause per person: snoozed today, or away until a date (inclusive).
CREATE TABLE checkin_pauses (
    tenant_id TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('snoozed_today', 'away')),
    until     TEXT NOT NULL,
    set_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
) WITHOUT ROWID;

-- Who was asked for a digest. Inserted once (TryRecordPromptAsync); the reminder and unreachable stamps are
-- set once by conditional updates, so instances sharing the file agree.
CREATE TABLE checkin_prompts (
    subscription_id TEXT NOT NULL,
    digest_date     TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    prompted_at     TEXT NOT NULL,
    reminded_at     TEXT NULL,
    unreachable_at  TEXT NULL,
    PRIMARY KEY (subscription_id, digest_date, user_id)
) WITHOUT ROWID;

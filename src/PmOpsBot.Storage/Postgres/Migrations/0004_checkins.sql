-- 0004: stand-up check-ins: answers (current and every saved version), pauses, and the prompt log. Only adds.

CREATE TABLE checkin_answers (
    id              TEXT NOT NULL PRIMARY KEY,
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
    late            INTEGER NOT NULL CHECK (late IN (0, 1)),
    UNIQUE (initiative_id, author_id, subscription_id, digest_date)
);

CREATE INDEX ix_checkin_answers_subscription_date
    ON checkin_answers (subscription_id, digest_date);

CREATE INDEX ix_checkin_answers_subscription_answered
    ON checkin_answers (subscription_id, answered_at);

CREATE INDEX ix_checkin_answers_tenant_initiative_date
    ON checkin_answers (tenant_id, initiative_id, digest_date, answered_at);

-- Every saved version, append-only. "rowid" is SQLite's implicit insertion order, which the store
-- orders ties by; PostgreSQL has none, so the same name is an identity column here.
CREATE TABLE checkin_history (
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

CREATE TABLE checkin_pauses (
    tenant_id TEXT NOT NULL,
    user_id   TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('snoozed_today', 'away')),
    until     TEXT NOT NULL,
    set_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE checkin_prompts (
    subscription_id TEXT NOT NULL,
    digest_date     TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    prompted_at     TEXT NOT NULL,
    reminded_at     TEXT NULL,
    unreachable_at  TEXT NULL,
    PRIMARY KEY (subscription_id, digest_date, user_id)
);

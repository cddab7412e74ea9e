-- 0005: the scheduler reads only the digest subscriptions whose next run has come.
ALTER TABLE digest_subscriptions ADD COLUMN next_run_at TEXT NULL;

DROP INDEX ix_digest_subscriptions_active;

CREATE INDEX ix_digest_subscriptions_active_next_run
    ON digest_subscriptions (active, next_run_at);

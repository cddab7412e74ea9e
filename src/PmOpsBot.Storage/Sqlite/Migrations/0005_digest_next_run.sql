-- 0005: the scheduler reads only the digest subscriptions whose next run has come, instead of every active one
-- every tick (docs/PERFORMANCE.md, "Daily stand-up digest").
--
-- No statement here may return rows (see 0002 and MigrationScriptTests): a plain ADD COLUMN, without a CHECK
-- constraint, never does; nor do DROP INDEX and CREATE INDEX.
-- Formats as in 0001-0004: timestamps ISO 8601 round-trip ("O") in UTC, so text order is time order.

-- When the scheduler should next look at the subscription (SqliteDigestSubscriptionStore keeps it: SaveAsync,
-- MarkPostedAsync, SetNextRunsAsync). NULL, as for every row stored before this script, means "not known yet":
-- such a row counts as due, is checked on the next tick and then given its next run.
ALTER TABLE digest_subscriptions ADD COLUMN next_run_at TEXT NULL;

-- Every subscription is active in practice, so an index on active alone selects nothing and only adds a table
-- lookup per row; and while it exists SQLite (without ANALYZE) would prefer its equality to the range below.
DROP INDEX ix_digest_subscriptions_active;

-- ListDueAsync: (active = 1 AND next_run_at IS NULL) and (active = 1 AND next_run_at <= now), both ranges of this
-- index, merged in next_run_at order. CountActiveAsync reads it alone.
CREATE INDEX ix_digest_subscriptions_active_next_run
    ON digest_subscriptions (active, next_run_at);

-- 0006: a channel may ask for people who have not answered their check-in to be @mentioned.
-- A constant default and no CHECK, so adding the column reads no rows (see MigrationScriptTests).
ALTER TABLE digest_subscriptions ADD COLUMN mention_missing_answers INTEGER NOT NULL DEFAULT 0;

-- 0006: a channel may ask for people who have not answered their check-in to be @mentioned.
ALTER TABLE digest_subscriptions ADD COLUMN mention_missing_answers INTEGER NOT NULL DEFAULT 0;

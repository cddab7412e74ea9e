-- 0008: messages owed to people that a channel did not take when they were sent; delivered later, in order.
CREATE TABLE pending_messages (
    id              TEXT NOT NULL PRIMARY KEY,
    tenant_id       TEXT NOT NULL,
    recipient_id    TEXT NULL,
    address         TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    claimed_until   TEXT NULL,
    last_error      TEXT NOT NULL
);

CREATE INDEX ix_pending_messages_due ON pending_messages (next_attempt_at);
CREATE INDEX ix_pending_messages_recipient ON pending_messages (tenant_id, recipient_id);

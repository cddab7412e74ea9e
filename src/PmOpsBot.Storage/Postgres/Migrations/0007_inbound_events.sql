-- 0007: deliveries already taken in (Slack event ids), so a retry that reaches another instance is recognised.
CREATE TABLE inbound_events (
    source      TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (source, event_id)
);

CREATE INDEX ix_inbound_events_received ON inbound_events (received_at);

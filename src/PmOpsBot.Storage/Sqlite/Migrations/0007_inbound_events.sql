-- 0007: deliveries already taken in (Slack event ids), so a retry that reaches another instance is recognised.
-- Only adds. No statement here returns rows (see MigrationScriptTests).
CREATE TABLE inbound_events (
    source      TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    -- ISO 8601 round-trip ("O") in UTC, so text order is time order
    received_at TEXT NOT NULL,
    PRIMARY KEY (source, event_id)
) WITHOUT ROWID;

CREATE INDEX ix_inbound_events_received ON inbound_events (received_at);

-- 0009: Slack requests acknowledged and not yet finished; a request whose instance died is run again from here.
-- Only adds. No statement here returns rows (see MigrationScriptTests).
CREATE TABLE slack_inbound (
    -- AUTOINCREMENT: ids never come back after a delete, so id order stays arrival order
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    order_key   TEXT NOT NULL,
    event_id    TEXT NULL,
    body        BLOB NOT NULL,
    -- ISO 8601 round-trip ("O") in UTC, so text order is time order
    received_at TEXT NOT NULL,
    lease_until TEXT NOT NULL,
    attempts    INTEGER NOT NULL
);

CREATE INDEX ix_slack_inbound_lease ON slack_inbound (lease_until);

-- 0009: Slack requests acknowledged and not yet finished; a request whose instance died is run again from here.
CREATE TABLE slack_inbound (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        TEXT NOT NULL,
    order_key   TEXT NOT NULL,
    event_id    TEXT NULL,
    body        BYTEA NOT NULL,
    received_at TEXT NOT NULL,
    lease_until TEXT NOT NULL,
    attempts    INTEGER NOT NULL
);

CREATE INDEX ix_slack_inbound_lease ON slack_inbound (lease_until);

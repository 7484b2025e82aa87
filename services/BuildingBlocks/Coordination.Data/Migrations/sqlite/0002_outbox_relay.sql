-- The relay backs off per row, parks a row after its last attempt, and one relay at a time holds the lease.
ALTER TABLE outbox ADD COLUMN next_attempt_at TEXT NULL;
ALTER TABLE outbox ADD COLUMN parked_at TEXT NULL;
DROP INDEX ix_outbox_unsent;
CREATE INDEX ix_outbox_due ON outbox (sent_at, parked_at, seq);
CREATE INDEX ix_outbox_sent ON outbox (sent_at);
CREATE INDEX ix_inbox_processed ON inbox (processed_at);

CREATE TABLE outbox_lease (
    name       TEXT NOT NULL PRIMARY KEY,
    holder     TEXT NULL,
    expires_at TEXT NOT NULL
);
INSERT INTO outbox_lease (name, holder, expires_at) VALUES ('relay', NULL, '2000-01-01T00:00:00.0000000Z');

-- The relay backs off per row, parks a row after its last attempt, and one relay at a time holds the lease.
ALTER TABLE outbox ADD next_attempt_at datetime2 NULL, parked_at datetime2 NULL;
DROP INDEX ix_outbox_unsent ON outbox;
GO

CREATE INDEX ix_outbox_due ON outbox (seq) WHERE sent_at IS NULL AND parked_at IS NULL;
CREATE INDEX ix_outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX ix_inbox_processed ON inbox (processed_at);

CREATE TABLE outbox_lease (
    name       nvarchar(50)  NOT NULL PRIMARY KEY,
    holder     nvarchar(200) NULL,
    expires_at datetime2     NOT NULL
);
INSERT INTO outbox_lease (name, holder, expires_at) VALUES ('relay', NULL, '2000-01-01T00:00:00');
GO

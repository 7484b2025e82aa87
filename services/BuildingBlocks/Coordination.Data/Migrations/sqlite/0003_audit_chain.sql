-- NEN 7513: each access-log entry carries the hash of the entry before it, so that a change to a
-- stored entry shows when the chain is verified (docs/adr/0005). The head row holds the last link;
-- a writer extends it in its own transaction. Entries written before this script stay unchained
-- and are counted in the head (legacy_rows), so that no unchained entry can appear unnoticed.
ALTER TABLE audit_log ADD COLUMN seq INTEGER NULL;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NULL;
ALTER TABLE audit_log ADD COLUMN hash TEXT NULL;
CREATE UNIQUE INDEX ux_audit_log_seq ON audit_log (seq);

CREATE TABLE audit_chain_head (
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq         INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    legacy_rows INTEGER NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash, legacy_rows)
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000', COUNT(*) FROM audit_log;

-- New entries must be chained.
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
WHEN NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'audit_log entries must be chained');
END;

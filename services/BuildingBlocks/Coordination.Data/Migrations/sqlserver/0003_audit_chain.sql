-- NEN 7513: each access-log entry carries the hash of the entry before it, so that a change to a
-- stored entry shows when the chain is verified (docs/adr/0005). The head row holds the last link;
-- a writer locks it (UPDLOCK, HOLDLOCK) in its own transaction. Entries written before this script
-- stay unchained and are counted in the head (legacy_rows), so that no unchained entry can appear
-- unnoticed.
ALTER TABLE audit_log ADD
    seq       bigint      NULL,
    prev_hash varchar(64) NULL,
    hash      varchar(64) NULL;
GO

CREATE UNIQUE INDEX ux_audit_log_seq ON audit_log (seq) WHERE seq IS NOT NULL;

-- New entries must be chained; NOCHECK leaves the entries from before this script as they are.
ALTER TABLE audit_log WITH NOCHECK ADD CONSTRAINT ck_audit_log_chained
    CHECK (seq IS NOT NULL AND prev_hash IS NOT NULL AND hash IS NOT NULL);

CREATE TABLE audit_chain_head (
    id          int         NOT NULL PRIMARY KEY CHECK (id = 1),
    seq         bigint      NOT NULL,
    hash        varchar(64) NOT NULL,
    legacy_rows bigint      NOT NULL
);
GO

INSERT INTO audit_chain_head (id, seq, hash, legacy_rows)
SELECT 1, 0, REPLICATE('0', 64), COUNT_BIG(*) FROM audit_log;
GO

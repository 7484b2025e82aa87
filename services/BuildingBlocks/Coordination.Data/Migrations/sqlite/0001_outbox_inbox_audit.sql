-- Building blocks every service carries: outbox, inbox and the NEN 7513 audit log.
CREATE TABLE outbox (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT    NOT NULL UNIQUE,
    message_type  TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    correlation_id TEXT   NULL,
    trace_parent  TEXT    NULL,
    created_at    TEXT    NOT NULL,
    sent_at       TEXT    NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (sent_at, seq);

CREATE TABLE inbox (
    consumer     TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    PRIMARY KEY (consumer, message_id)
);

CREATE TABLE audit_log (
    id                        TEXT NOT NULL PRIMARY KEY,
    occurred_at               TEXT NOT NULL,
    action                    TEXT NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
    outcome                   TEXT NOT NULL,
    client_bsn                TEXT NULL,
    user_id                   TEXT NOT NULL,
    user_name                 TEXT NULL,
    user_role                 TEXT NOT NULL,
    on_behalf_of              TEXT NULL,
    purpose                   TEXT NOT NULL,
    object_type               TEXT NOT NULL,
    object_id                 TEXT NULL,
    source_system             TEXT NOT NULL,
    check_authorisation       TEXT NOT NULL,
    check_treatment_relation  TEXT NOT NULL,
    check_consent             TEXT NOT NULL,
    check_emergency_access    TEXT NOT NULL,
    correlation_id            TEXT NULL
);
CREATE INDEX ix_audit_log_client ON audit_log (client_bsn, occurred_at);

-- NEN 7513: the log is append-only.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Building blocks every service carries: outbox, inbox and the NEN 7513 audit log.
CREATE TABLE outbox (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             varchar(36)  NOT NULL UNIQUE,
    message_type   varchar(400) NOT NULL,
    body           text         NOT NULL,
    correlation_id varchar(100) NULL,
    trace_parent   varchar(100) NULL,
    created_at     timestamptz  NOT NULL,
    sent_at        timestamptz  NULL,
    attempts       integer      NOT NULL DEFAULT 0,
    last_error     text         NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;

CREATE TABLE inbox (
    consumer     varchar(200) NOT NULL,
    message_id   varchar(36)  NOT NULL,
    processed_at timestamptz  NOT NULL,
    PRIMARY KEY (consumer, message_id)
);

CREATE TABLE audit_log (
    id                        varchar(36)  NOT NULL PRIMARY KEY,
    occurred_at               timestamptz  NOT NULL,
    action                    char(1)      NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
    outcome                   varchar(20)  NOT NULL,
    client_bsn                varchar(9)   NULL,
    user_id                   varchar(100) NOT NULL,
    user_name                 varchar(200) NULL,
    user_role                 varchar(50)  NOT NULL,
    on_behalf_of              varchar(100) NULL,
    purpose                   varchar(100) NOT NULL,
    object_type               varchar(100) NOT NULL,
    object_id                 varchar(100) NULL,
    source_system             varchar(100) NOT NULL,
    check_authorisation       varchar(20)  NOT NULL,
    check_treatment_relation  varchar(20)  NOT NULL,
    check_consent             varchar(20)  NOT NULL,
    check_emergency_access    varchar(20)  NOT NULL,
    correlation_id            varchar(100) NULL
);
CREATE INDEX ix_audit_log_client ON audit_log (client_bsn, occurred_at);

-- NEN 7513: the log is append-only.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Building blocks every service carries: outbox, inbox and the NEN 7513 audit log.
CREATE TABLE outbox (
    seq            bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    id             nvarchar(36)  NOT NULL UNIQUE,
    message_type   nvarchar(400) NOT NULL,
    body           nvarchar(max) NOT NULL,
    correlation_id nvarchar(100) NULL,
    trace_parent   nvarchar(100) NULL,
    created_at     datetime2     NOT NULL,
    sent_at        datetime2     NULL,
    attempts       int           NOT NULL DEFAULT 0,
    last_error     nvarchar(max) NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;

CREATE TABLE inbox (
    consumer     nvarchar(200) NOT NULL,
    message_id   nvarchar(36)  NOT NULL,
    processed_at datetime2     NOT NULL,
    CONSTRAINT pk_inbox PRIMARY KEY (consumer, message_id)
);

CREATE TABLE audit_log (
    id                        nvarchar(36)  NOT NULL PRIMARY KEY,
    occurred_at               datetime2     NOT NULL,
    action                    nchar(1)      NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
    outcome                   nvarchar(20)  NOT NULL,
    client_bsn                nvarchar(9)   NULL,
    user_id                   nvarchar(100) NOT NULL,
    user_name                 nvarchar(200) NULL,
    user_role                 nvarchar(50)  NOT NULL,
    on_behalf_of              nvarchar(100) NULL,
    purpose                   nvarchar(100) NOT NULL,
    object_type               nvarchar(100) NOT NULL,
    object_id                 nvarchar(100) NULL,
    source_system             nvarchar(100) NOT NULL,
    check_authorisation       nvarchar(20)  NOT NULL,
    check_treatment_relation  nvarchar(20)  NOT NULL,
    check_consent             nvarchar(20)  NOT NULL,
    check_emergency_access    nvarchar(20)  NOT NULL,
    correlation_id            nvarchar(100) NULL
);
CREATE INDEX ix_audit_log_client ON audit_log (client_bsn, occurred_at);
GO

-- NEN 7513: the log is append-only.
CREATE TRIGGER audit_log_no_change ON audit_log INSTEAD OF UPDATE, DELETE
AS
BEGIN
    THROW 51000, 'audit_log is append-only', 1;
END;
GO

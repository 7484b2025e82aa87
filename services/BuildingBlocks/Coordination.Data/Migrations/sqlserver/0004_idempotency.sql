-- Idempotency-Key records of every creating POST: (caller, route, key), the request's hash and the answer.
CREATE TABLE idempotency_requests (
    caller       nvarchar(100) NOT NULL,
    route        nvarchar(200) NOT NULL,
    idem_key     nvarchar(200) NOT NULL,
    request_hash nvarchar(64)  NOT NULL,
    created_at   datetime2     NOT NULL,
    status_code  int           NULL,
    location     nvarchar(400) NULL,
    content_type nvarchar(200) NULL,
    body         nvarchar(max) NULL,
    CONSTRAINT pk_idempotency_requests PRIMARY KEY (caller, route, idem_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_requests (created_at);

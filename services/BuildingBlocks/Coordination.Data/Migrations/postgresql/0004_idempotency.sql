-- Idempotency-Key records of every creating POST: (caller, route, key), the request's hash and the answer.
CREATE TABLE idempotency_requests (
    caller       varchar(100) NOT NULL,
    route        varchar(200) NOT NULL,
    idem_key     varchar(200) NOT NULL,
    request_hash varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL,
    status_code  integer      NULL,
    location     varchar(400) NULL,
    content_type varchar(200) NULL,
    body         text         NULL,
    PRIMARY KEY (caller, route, idem_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_requests (created_at);

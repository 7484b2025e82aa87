-- Idempotency-Key records of every creating POST: (caller, route, key), the request's hash and the answer.
CREATE TABLE idempotency_requests (
    caller       TEXT    NOT NULL,
    route        TEXT    NOT NULL,
    idem_key     TEXT    NOT NULL,
    request_hash TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    status_code  INTEGER NULL,
    location     TEXT    NULL,
    content_type TEXT    NULL,
    body         TEXT    NULL,
    PRIMARY KEY (caller, route, idem_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_requests (created_at);

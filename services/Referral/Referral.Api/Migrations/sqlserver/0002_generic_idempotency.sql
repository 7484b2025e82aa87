-- Idempotency-Key records moved to the building blocks' idempotency_requests table.
DROP TABLE idempotency_keys;

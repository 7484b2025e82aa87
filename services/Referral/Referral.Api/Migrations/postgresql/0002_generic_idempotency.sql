-- Idempotency-Key records moved to the building blocks' idempotency_requests table.
DROP TABLE idempotency_keys;
-- A BSN is 9 digits, as SQL Server's column already says.
ALTER TABLE referrals ALTER COLUMN subject_bsn TYPE varchar(9);

-- The iJw assignment lifecycle (issue 10): a provider's JW315 request for a referral's youth care,
-- the municipality's JW316 receipt and JW301 assignment or JW319 refusal, the provider's JW305
-- start and JW307 stop. The state and codes map one to one onto the iJw messages (domain.md).
CREATE TABLE assignments (
    assignment_id           TEXT NOT NULL PRIMARY KEY,
    referral_id             TEXT NOT NULL,
    subject_bsn             TEXT NOT NULL,
    subject_birth_date      TEXT NULL,
    municipality_code       TEXT NOT NULL,
    provider_agb            TEXT NOT NULL,
    product_category        TEXT NOT NULL,
    code_release            TEXT NOT NULL,
    status                  TEXT NOT NULL,
    requested_on            TEXT NOT NULL,
    receipt_due_on          TEXT NOT NULL,
    answer_due_on           TEXT NOT NULL,
    received_on             TEXT NULL,
    investigating_residence INTEGER NOT NULL,
    answered_on             TEXT NULL,
    rejection_reason        TEXT NULL,
    assigned_from           TEXT NULL,
    assigned_to             TEXT NULL,
    started_on              TEXT NULL,
    stopped_on              TEXT NULL,
    stop_reason             TEXT NULL,
    version                 INTEGER NOT NULL,
    updated_at              TEXT NOT NULL
);
-- One request per referral and provider.
CREATE UNIQUE INDEX ux_assignments_referral_provider ON assignments (referral_id, provider_agb);
CREATE INDEX ix_assignments_municipality ON assignments (municipality_code, requested_on);
CREATE INDEX ix_assignments_provider ON assignments (provider_agb, requested_on);

-- Every message of an assignment, in order, as the iJw exchange will send it.
CREATE TABLE assignment_messages (
    assignment_id TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    message_code  TEXT NOT NULL,
    sent_on       TEXT NOT NULL,
    sent_by       TEXT NOT NULL,
    detail        TEXT NULL,
    PRIMARY KEY (assignment_id, seq)
);

-- Which organisation accepted a referral (ReferralAccepted): the provider that may request its assignment.
CREATE TABLE referral_providers (
    referral_id      TEXT NOT NULL PRIMARY KEY,
    organisation_agb TEXT NOT NULL,
    accepted_at      TEXT NOT NULL
);

-- The iJw assignment lifecycle (issue 10): a provider's JW315 request for a referral's youth care,
-- the municipality's JW316 receipt and JW301 assignment or JW319 refusal, the provider's JW305
-- start and JW307 stop. The state and codes map one to one onto the iJw messages (domain.md).
CREATE TABLE assignments (
    assignment_id           varchar(36) NOT NULL PRIMARY KEY,
    referral_id             varchar(36) NOT NULL,
    subject_bsn             varchar(100) NOT NULL,
    subject_birth_date      varchar(10) NULL,
    municipality_code       varchar(4) NOT NULL,
    provider_agb            varchar(8) NOT NULL,
    product_category        varchar(4) NOT NULL,
    code_release            varchar(20) NOT NULL,
    status                  varchar(20) NOT NULL,
    requested_on            varchar(10) NOT NULL,
    receipt_due_on          varchar(10) NOT NULL,
    answer_due_on           varchar(10) NOT NULL,
    received_on             varchar(10) NULL,
    investigating_residence boolean NOT NULL,
    answered_on             varchar(10) NULL,
    rejection_reason        varchar(4) NULL,
    assigned_from           varchar(10) NULL,
    assigned_to             varchar(10) NULL,
    started_on              varchar(10) NULL,
    stopped_on              varchar(10) NULL,
    stop_reason             varchar(4) NULL,
    version                 integer NOT NULL,
    updated_at              timestamptz NOT NULL
);
-- One request per referral and provider.
CREATE UNIQUE INDEX ux_assignments_referral_provider ON assignments (referral_id, provider_agb);
CREATE INDEX ix_assignments_municipality ON assignments (municipality_code, requested_on);
CREATE INDEX ix_assignments_provider ON assignments (provider_agb, requested_on);

-- Every message of an assignment, in order, as the iJw exchange will send it.
CREATE TABLE assignment_messages (
    assignment_id varchar(36) NOT NULL,
    seq           integer NOT NULL,
    message_code  varchar(10) NOT NULL,
    sent_on       varchar(10) NOT NULL,
    sent_by       varchar(200) NOT NULL,
    detail        text NULL,
    PRIMARY KEY (assignment_id, seq)
);

-- Which organisation accepted a referral (ReferralAccepted): the provider that may request its assignment.
CREATE TABLE referral_providers (
    referral_id      varchar(36) NOT NULL PRIMARY KEY,
    organisation_agb varchar(8) NOT NULL,
    accepted_at      timestamptz NOT NULL
);

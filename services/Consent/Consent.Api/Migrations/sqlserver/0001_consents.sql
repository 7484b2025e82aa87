-- What the consent service knows of each household, from the referrals: who is who, born when,
-- and what each referral said about parents and custody. The age and custody rules read it.
CREATE TABLE household_members (
    member_id  nvarchar(36) NOT NULL PRIMARY KEY,
    family_id  nvarchar(36) NOT NULL,
    bsn        nvarchar(200) NOT NULL,
    name       nvarchar(200) NULL,
    birth_date nvarchar(10) NOT NULL,
    stated_at  datetime2 NOT NULL
);
CREATE UNIQUE INDEX ux_household_members_bsn ON household_members (bsn);
CREATE INDEX ix_household_members_family ON household_members (family_id);

-- parent_member_id is child_member_id's parent, as one referral stated it, with what it said of custody.
CREATE TABLE parenthood_statements (
    referral_id      nvarchar(36) NOT NULL,
    parent_member_id nvarchar(36) NOT NULL,
    child_member_id  nvarchar(36) NOT NULL,
    custody          bit NULL,
    PRIMARY KEY (referral_id, parent_member_id, child_member_id)
);
CREATE INDEX ix_parenthood_statements_child ON parenthood_statements (child_member_id);
CREATE INDEX ix_parenthood_statements_parent ON parenthood_statements (parent_member_id);

-- The referrers of a family: its care team until the family plan keeps one.
CREATE TABLE care_team_referrers (
    family_id nvarchar(36) NOT NULL,
    agb       nvarchar(200) NOT NULL,
    PRIMARY KEY (family_id, agb)
);

-- A decision about one subject, one purpose, one recipient and a period. Its state (active,
-- awaiting, withdrawn, expired) is judged when read, from its declarations and the age rules.
CREATE TABLE consents (
    id                nvarchar(36) NOT NULL PRIMARY KEY,
    subject_member_id nvarchar(36) NOT NULL,
    family_id         nvarchar(36) NOT NULL,
    purpose           nvarchar(200) NOT NULL,
    recipient_kind    nvarchar(200) NOT NULL,
    recipient_id      nvarchar(200) NOT NULL,
    valid_from        nvarchar(10) NOT NULL,
    valid_until       nvarchar(10) NULL,
    created_at        datetime2 NOT NULL,
    closed_at         datetime2 NULL,
    withdrawn_at      datetime2 NULL,
    withdrawn_by      nvarchar(36) NULL,
    withdrawn_reason  nvarchar(max) NULL
);
CREATE INDEX ix_consents_subject ON consents (subject_member_id);
CREATE INDEX ix_consents_recipient ON consents (recipient_kind, recipient_id);
-- One open decision per subject, purpose and recipient: a second declarant joins it.
CREATE UNIQUE INDEX ux_consents_open ON consents (subject_member_id, purpose, recipient_kind, recipient_id) WHERE closed_at IS NULL;

-- Each person the law requires gives their own declaration.
CREATE TABLE declarations (
    consent_id  nvarchar(36) NOT NULL REFERENCES consents (id),
    member_id   nvarchar(36) NOT NULL,
    capacity    nvarchar(200) NOT NULL,
    declared_at datetime2 NOT NULL,
    user_id     nvarchar(200) NOT NULL,
    PRIMARY KEY (consent_id, member_id)
);

-- A child-protection measure lets the certified institution read the child's data without consent.
CREATE TABLE protection_measures (
    id                nvarchar(36) NOT NULL PRIMARY KEY,
    subject_member_id nvarchar(36) NOT NULL,
    organisation_agb  nvarchar(200) NOT NULL,
    measure           nvarchar(200) NOT NULL,
    decision_reference nvarchar(200) NOT NULL,
    valid_from        nvarchar(10) NOT NULL,
    valid_until       nvarchar(10) NULL,
    recorded_at       datetime2 NOT NULL,
    recorded_by       nvarchar(200) NOT NULL
);
CREATE INDEX ix_protection_measures_subject ON protection_measures (subject_member_id);

-- Emergency access: one clinician, one client, a stated reason, at most 72 hours.
CREATE TABLE emergency_access (
    id                nvarchar(36) NOT NULL PRIMARY KEY,
    subject_member_id nvarchar(36) NOT NULL,
    user_id           nvarchar(200) NOT NULL,
    user_name         nvarchar(200) NULL,
    user_role         nvarchar(200) NOT NULL,
    reason            nvarchar(max) NOT NULL,
    started_at        datetime2 NOT NULL,
    ends_at           datetime2 NOT NULL
);
CREATE INDEX ix_emergency_access_subject ON emergency_access (subject_member_id, user_id);

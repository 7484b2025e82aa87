-- What the consent service knows of each household, from the referrals: who is who, born when,
-- and what each referral said about parents and custody. The age and custody rules read it.
CREATE TABLE household_members (
    member_id  TEXT NOT NULL PRIMARY KEY,
    family_id  TEXT NOT NULL,
    bsn        TEXT NOT NULL,
    name       TEXT NULL,
    birth_date TEXT NOT NULL,
    stated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_household_members_bsn ON household_members (bsn);
CREATE INDEX ix_household_members_family ON household_members (family_id);

-- parent_member_id is child_member_id's parent, as one referral stated it, with what it said of custody.
CREATE TABLE parenthood_statements (
    referral_id      TEXT NOT NULL,
    parent_member_id TEXT NOT NULL,
    child_member_id  TEXT NOT NULL,
    custody          INTEGER NULL,
    PRIMARY KEY (referral_id, parent_member_id, child_member_id)
);
CREATE INDEX ix_parenthood_statements_child ON parenthood_statements (child_member_id);
CREATE INDEX ix_parenthood_statements_parent ON parenthood_statements (parent_member_id);

-- The referrers of a family: its care team until the family plan keeps one.
CREATE TABLE care_team_referrers (
    family_id TEXT NOT NULL,
    agb       TEXT NOT NULL,
    PRIMARY KEY (family_id, agb)
);

-- A decision about one subject, one purpose, one recipient and a period. Its state (active,
-- awaiting, withdrawn, expired) is judged when read, from its declarations and the age rules.
CREATE TABLE consents (
    id                TEXT NOT NULL PRIMARY KEY,
    subject_member_id TEXT NOT NULL,
    family_id         TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    recipient_kind    TEXT NOT NULL,
    recipient_id      TEXT NOT NULL,
    valid_from        TEXT NOT NULL,
    valid_until       TEXT NULL,
    created_at        TEXT NOT NULL,
    closed_at         TEXT NULL,
    withdrawn_at      TEXT NULL,
    withdrawn_by      TEXT NULL,
    withdrawn_reason  TEXT NULL
);
CREATE INDEX ix_consents_subject ON consents (subject_member_id);
CREATE INDEX ix_consents_recipient ON consents (recipient_kind, recipient_id);
-- One open decision per subject, purpose and recipient: a second declarant joins it.
CREATE UNIQUE INDEX ux_consents_open ON consents (subject_member_id, purpose, recipient_kind, recipient_id) WHERE closed_at IS NULL;

-- Each person the law requires gives their own declaration.
CREATE TABLE declarations (
    consent_id  TEXT NOT NULL REFERENCES consents (id),
    member_id   TEXT NOT NULL,
    capacity    TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    PRIMARY KEY (consent_id, member_id)
);

-- A child-protection measure lets the certified institution read the child's data without consent.
CREATE TABLE protection_measures (
    id                TEXT NOT NULL PRIMARY KEY,
    subject_member_id TEXT NOT NULL,
    organisation_agb  TEXT NOT NULL,
    measure           TEXT NOT NULL,
    decision_reference TEXT NOT NULL,
    valid_from        TEXT NOT NULL,
    valid_until       TEXT NULL,
    recorded_at       TEXT NOT NULL,
    recorded_by       TEXT NOT NULL
);
CREATE INDEX ix_protection_measures_subject ON protection_measures (subject_member_id);

-- Emergency access: one clinician, one client, a stated reason, at most 72 hours.
CREATE TABLE emergency_access (
    id                TEXT NOT NULL PRIMARY KEY,
    subject_member_id TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    user_name         TEXT NULL,
    user_role         TEXT NOT NULL,
    reason            TEXT NOT NULL,
    started_at        TEXT NOT NULL,
    ends_at           TEXT NOT NULL
);
CREATE INDEX ix_emergency_access_subject ON emergency_access (subject_member_id, user_id);

-- Referrals as the referrer sent them, and the household index that matches a family by BSN.
CREATE TABLE referrals (
    id                        TEXT NOT NULL PRIMARY KEY,
    family_id                 TEXT NOT NULL,
    subject_bsn               TEXT NOT NULL,
    subject_name              TEXT NOT NULL,
    subject_birth_date        TEXT NOT NULL,
    municipality_code         TEXT NOT NULL,
    uzovi                     TEXT NULL,
    household_json            TEXT NOT NULL,
    domain                    TEXT NOT NULL,
    reason                    TEXT NOT NULL,
    suspected_dsm_code        TEXT NULL,
    suspected_dsm_description TEXT NULL,
    care_level                TEXT NULL,
    urgent                    INTEGER NOT NULL,
    referrer_agb              TEXT NOT NULL,
    referrer_type             TEXT NOT NULL,
    referrer_name             TEXT NULL,
    author_role               TEXT NOT NULL,
    author_id                 TEXT NOT NULL,
    status                    TEXT NOT NULL,
    submitted_at              TEXT NOT NULL
);
CREATE INDEX ix_referrals_referrer ON referrals (referrer_agb, submitted_at);
CREATE INDEX ix_referrals_family ON referrals (family_id);

CREATE TABLE family_index (
    bsn       TEXT NOT NULL PRIMARY KEY,
    family_id TEXT NOT NULL
);
CREATE INDEX ix_family_index_family ON family_index (family_id);

CREATE TABLE idempotency_keys (
    caller        TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    referral_id   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (caller, idem_key)
);

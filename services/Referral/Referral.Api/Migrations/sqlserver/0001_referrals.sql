-- Referrals as the referrer sent them, and the household index that matches a family by BSN.
CREATE TABLE referrals (
    id                        nvarchar(36) NOT NULL PRIMARY KEY,
    family_id                 nvarchar(36) NOT NULL,
    subject_bsn               nvarchar(9) NOT NULL,
    subject_name              nvarchar(200) NOT NULL,
    subject_birth_date        nvarchar(200) NOT NULL,
    municipality_code         nvarchar(200) NOT NULL,
    uzovi                     nvarchar(200) NULL,
    household_json            nvarchar(max) NOT NULL,
    domain                    nvarchar(200) NOT NULL,
    reason                    nvarchar(max) NOT NULL,
    suspected_dsm_code        nvarchar(200) NULL,
    suspected_dsm_description nvarchar(200) NULL,
    care_level                nvarchar(200) NULL,
    urgent                    bit NOT NULL,
    referrer_agb              nvarchar(200) NOT NULL,
    referrer_type             nvarchar(200) NOT NULL,
    referrer_name             nvarchar(200) NULL,
    author_role               nvarchar(200) NOT NULL,
    author_id                 nvarchar(200) NOT NULL,
    status                    nvarchar(200) NOT NULL,
    submitted_at              datetime2 NOT NULL
);
CREATE INDEX ix_referrals_referrer ON referrals (referrer_agb, submitted_at);
CREATE INDEX ix_referrals_family ON referrals (family_id);

CREATE TABLE family_index (
    bsn       nvarchar(200) NOT NULL PRIMARY KEY,
    family_id nvarchar(36) NOT NULL
);
CREATE INDEX ix_family_index_family ON family_index (family_id);

CREATE TABLE idempotency_keys (
    caller        nvarchar(200) NOT NULL,
    idem_key      nvarchar(200) NOT NULL,
    request_hash  nvarchar(200) NOT NULL,
    referral_id   nvarchar(36) NOT NULL,
    created_at    datetime2 NOT NULL,
    PRIMARY KEY (caller, idem_key)
);

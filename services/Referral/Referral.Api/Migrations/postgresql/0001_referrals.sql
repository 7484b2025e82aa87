-- Referrals as the referrer sent them, and the household index that matches a family by BSN.
CREATE TABLE referrals (
    id                        varchar(36) NOT NULL PRIMARY KEY,
    family_id                 varchar(36) NOT NULL,
    subject_bsn               varchar(200) NOT NULL,
    subject_name              varchar(200) NOT NULL,
    subject_birth_date        varchar(200) NOT NULL,
    municipality_code         varchar(200) NOT NULL,
    uzovi                     varchar(200) NULL,
    household_json            text NOT NULL,
    domain                    varchar(200) NOT NULL,
    reason                    text NOT NULL,
    suspected_dsm_code        varchar(200) NULL,
    suspected_dsm_description varchar(200) NULL,
    care_level                varchar(200) NULL,
    urgent                    boolean NOT NULL,
    referrer_agb              varchar(200) NOT NULL,
    referrer_type             varchar(200) NOT NULL,
    referrer_name             varchar(200) NULL,
    author_role               varchar(200) NOT NULL,
    author_id                 varchar(200) NOT NULL,
    status                    varchar(200) NOT NULL,
    submitted_at              timestamptz NOT NULL
);
CREATE INDEX ix_referrals_referrer ON referrals (referrer_agb, submitted_at);
CREATE INDEX ix_referrals_family ON referrals (family_id);

CREATE TABLE family_index (
    bsn       varchar(200) NOT NULL PRIMARY KEY,
    family_id varchar(36) NOT NULL
);
CREATE INDEX ix_family_index_family ON family_index (family_id);

CREATE TABLE idempotency_keys (
    caller        varchar(200) NOT NULL,
    idem_key      varchar(200) NOT NULL,
    request_hash  varchar(200) NOT NULL,
    referral_id   varchar(36) NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (caller, idem_key)
);

-- One family, one plan: the members of a household, their referrals and funding routes.
CREATE TABLE families (
    id         varchar(200) NOT NULL PRIMARY KEY,
    created_at timestamptz NOT NULL
);

CREATE TABLE family_members (
    family_id  varchar(200) NOT NULL REFERENCES families (id),
    bsn        varchar(200) NOT NULL,
    name       varchar(200) NULL,
    birth_date varchar(200) NOT NULL,
    is_client  boolean NOT NULL,
    PRIMARY KEY (family_id, bsn)
);

-- Relations as a referral stated them: member_bsn is the subject_bsn's parent, child, ...
CREATE TABLE family_relations (
    family_id   varchar(200) NOT NULL REFERENCES families (id),
    subject_bsn varchar(200) NOT NULL,
    member_bsn  varchar(200) NOT NULL,
    relation    varchar(200) NOT NULL,
    custody     boolean NULL,
    PRIMARY KEY (family_id, subject_bsn, member_bsn)
);

CREATE TABLE plan_referrals (
    id                        varchar(200) NOT NULL PRIMARY KEY,
    family_id                 varchar(200) NOT NULL REFERENCES families (id),
    subject_bsn               varchar(200) NOT NULL,
    domain                    varchar(200) NOT NULL,
    reason                    text NOT NULL,
    status                    varchar(200) NOT NULL,
    referrer_agb              varchar(200) NOT NULL,
    referrer_name             varchar(200) NULL,
    suspected_dsm_code        varchar(200) NULL,
    suspected_dsm_description varchar(200) NULL,
    submitted_at              timestamptz NOT NULL
);
CREATE INDEX ix_plan_referrals_family ON plan_referrals (family_id);

CREATE TABLE plan_funding_routes (
    referral_id        varchar(200) NOT NULL PRIMARY KEY,
    family_id          varchar(200) NOT NULL REFERENCES families (id),
    subject_bsn        varchar(200) NOT NULL,
    law                varchar(200) NOT NULL,
    financier_type     varchar(200) NOT NULL,
    financier_code     varchar(200) NULL,
    product_category   varchar(200) NULL,
    rule_id            varchar(200) NOT NULL,
    rule_text          text NOT NULL,
    paperwork_json     text NOT NULL,
    deductible_applies boolean NOT NULL,
    decided_at         timestamptz NOT NULL
);
CREATE INDEX ix_plan_funding_routes_family ON plan_funding_routes (family_id);

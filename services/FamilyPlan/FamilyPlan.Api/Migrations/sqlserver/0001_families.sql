-- One family, one plan: the members of a household, their referrals and funding routes.
CREATE TABLE families (
    id         nvarchar(200) NOT NULL PRIMARY KEY,
    created_at datetime2 NOT NULL
);

CREATE TABLE family_members (
    family_id  nvarchar(200) NOT NULL REFERENCES families (id),
    bsn        nvarchar(200) NOT NULL,
    name       nvarchar(200) NULL,
    birth_date nvarchar(200) NOT NULL,
    is_client  bit NOT NULL,
    PRIMARY KEY (family_id, bsn)
);

-- Relations as a referral stated them: member_bsn is the subject_bsn's parent, child, ...
CREATE TABLE family_relations (
    family_id   nvarchar(200) NOT NULL REFERENCES families (id),
    subject_bsn nvarchar(200) NOT NULL,
    member_bsn  nvarchar(200) NOT NULL,
    relation    nvarchar(200) NOT NULL,
    custody     bit NULL,
    PRIMARY KEY (family_id, subject_bsn, member_bsn)
);

CREATE TABLE plan_referrals (
    id                        nvarchar(200) NOT NULL PRIMARY KEY,
    family_id                 nvarchar(200) NOT NULL REFERENCES families (id),
    subject_bsn               nvarchar(200) NOT NULL,
    domain                    nvarchar(200) NOT NULL,
    reason                    nvarchar(max) NOT NULL,
    status                    nvarchar(200) NOT NULL,
    referrer_agb              nvarchar(200) NOT NULL,
    referrer_name             nvarchar(200) NULL,
    suspected_dsm_code        nvarchar(200) NULL,
    suspected_dsm_description nvarchar(200) NULL,
    submitted_at              datetime2 NOT NULL
);
CREATE INDEX ix_plan_referrals_family ON plan_referrals (family_id);

CREATE TABLE plan_funding_routes (
    referral_id        nvarchar(200) NOT NULL PRIMARY KEY,
    family_id          nvarchar(200) NOT NULL REFERENCES families (id),
    subject_bsn        nvarchar(200) NOT NULL,
    law                nvarchar(200) NOT NULL,
    financier_type     nvarchar(200) NOT NULL,
    financier_code     nvarchar(200) NULL,
    product_category   nvarchar(200) NULL,
    rule_id            nvarchar(200) NOT NULL,
    rule_text          nvarchar(max) NOT NULL,
    paperwork_json     nvarchar(max) NOT NULL,
    deductible_applies bit NOT NULL,
    decided_at         datetime2 NOT NULL
);
CREATE INDEX ix_plan_funding_routes_family ON plan_funding_routes (family_id);

-- One family, one plan: the members of a household, their referrals and funding routes.
CREATE TABLE families (
    id         TEXT NOT NULL PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE family_members (
    family_id  TEXT NOT NULL REFERENCES families (id),
    bsn        TEXT NOT NULL,
    name       TEXT NULL,
    birth_date TEXT NOT NULL,
    is_client  INTEGER NOT NULL,
    PRIMARY KEY (family_id, bsn)
);

-- Relations as a referral stated them: member_bsn is the subject_bsn's parent, child, ...
CREATE TABLE family_relations (
    family_id   TEXT NOT NULL REFERENCES families (id),
    subject_bsn TEXT NOT NULL,
    member_bsn  TEXT NOT NULL,
    relation    TEXT NOT NULL,
    custody     INTEGER NULL,
    PRIMARY KEY (family_id, subject_bsn, member_bsn)
);

CREATE TABLE plan_referrals (
    id                        TEXT NOT NULL PRIMARY KEY,
    family_id                 TEXT NOT NULL REFERENCES families (id),
    subject_bsn               TEXT NOT NULL,
    domain                    TEXT NOT NULL,
    reason                    TEXT NOT NULL,
    status                    TEXT NOT NULL,
    referrer_agb              TEXT NOT NULL,
    referrer_name             TEXT NULL,
    suspected_dsm_code        TEXT NULL,
    suspected_dsm_description TEXT NULL,
    submitted_at              TEXT NOT NULL
);
CREATE INDEX ix_plan_referrals_family ON plan_referrals (family_id);

CREATE TABLE plan_funding_routes (
    referral_id        TEXT NOT NULL PRIMARY KEY,
    family_id          TEXT NOT NULL REFERENCES families (id),
    subject_bsn        TEXT NOT NULL,
    law                TEXT NOT NULL,
    financier_type     TEXT NOT NULL,
    financier_code     TEXT NULL,
    product_category   TEXT NULL,
    rule_id            TEXT NOT NULL,
    rule_text          TEXT NOT NULL,
    paperwork_json     TEXT NOT NULL,
    deductible_applies INTEGER NOT NULL,
    decided_at         TEXT NOT NULL
);
CREATE INDEX ix_plan_funding_routes_family ON plan_funding_routes (family_id);

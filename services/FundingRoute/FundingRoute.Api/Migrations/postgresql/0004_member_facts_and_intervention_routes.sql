-- What the funding route knows of each referred member, from their referrals, to decide on the
-- family plan's interventions (issue 10): birth date, BRP municipality, insurer, whether a
-- disorder is suspected (never which). The newest referral's address and insurer win.
CREATE TABLE funding_members (
    member_id          varchar(36) NOT NULL PRIMARY KEY,
    family_id          varchar(36) NOT NULL,
    bsn                varchar(100) NOT NULL,
    birth_date         varchar(10) NOT NULL,
    municipality_code  varchar(4) NOT NULL,
    uzovi              varchar(4) NULL,
    suspected_disorder boolean NOT NULL,
    updated_at         timestamptz NOT NULL
);

-- The funding answer for each intervention of the family plan: the preferred option's columns for
-- the financiers' queries, all options and the rules cited as JSON, and the intervention version
-- it answers (a late older version changes nothing).
CREATE TABLE intervention_routes (
    intervention_id      varchar(36) NOT NULL PRIMARY KEY,
    family_id            varchar(36) NOT NULL,
    member_id            varchar(36) NULL,
    intervention_version integer NOT NULL,
    law                  varchar(20) NULL,
    financier_type       varchar(20) NULL,
    financier_code       varchar(4) NULL,
    product_category     varchar(4) NULL,
    deductible_applies   boolean NOT NULL,
    options_json         text NOT NULL,
    rules_json           text NOT NULL,
    decided_at           timestamptz NOT NULL
);
CREATE INDEX ix_intervention_routes_financier ON intervention_routes (financier_type, financier_code);

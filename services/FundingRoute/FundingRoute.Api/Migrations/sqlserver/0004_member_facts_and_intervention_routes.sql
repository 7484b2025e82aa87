-- What the funding route knows of each referred member, from their referrals, to decide on the
-- family plan's interventions (issue 10): birth date, BRP municipality, insurer, whether a
-- disorder is suspected (never which). The newest referral's address and insurer win.
CREATE TABLE funding_members (
    member_id          nvarchar(36) NOT NULL PRIMARY KEY,
    family_id          nvarchar(36) NOT NULL,
    bsn                nvarchar(100) NOT NULL,
    birth_date         nvarchar(10) NOT NULL,
    municipality_code  nvarchar(4) NOT NULL,
    uzovi              nvarchar(4) NULL,
    suspected_disorder bit NOT NULL,
    updated_at         datetime2 NOT NULL
);

-- The funding answer for each intervention of the family plan: the preferred option's columns for
-- the financiers' queries, all options and the rules cited as JSON, and the intervention version
-- it answers (a late older version changes nothing).
CREATE TABLE intervention_routes (
    intervention_id      nvarchar(36) NOT NULL PRIMARY KEY,
    family_id            nvarchar(36) NOT NULL,
    member_id            nvarchar(36) NULL,
    intervention_version int NOT NULL,
    law                  nvarchar(20) NULL,
    financier_type       nvarchar(20) NULL,
    financier_code       nvarchar(4) NULL,
    product_category     nvarchar(4) NULL,
    deductible_applies   bit NOT NULL,
    options_json         nvarchar(max) NOT NULL,
    rules_json           nvarchar(max) NOT NULL,
    decided_at           datetime2 NOT NULL
);
CREATE INDEX ix_intervention_routes_financier ON intervention_routes (financier_type, financier_code);

-- What the funding route knows of each referred member, from their referrals, to decide on the
-- family plan's interventions (issue 10): birth date, BRP municipality, insurer, whether a
-- disorder is suspected (never which). The newest referral's address and insurer win.
CREATE TABLE funding_members (
    member_id          TEXT NOT NULL PRIMARY KEY,
    family_id          TEXT NOT NULL,
    bsn                TEXT NOT NULL,
    birth_date         TEXT NOT NULL,
    municipality_code  TEXT NOT NULL,
    uzovi              TEXT NULL,
    suspected_disorder INTEGER NOT NULL,
    updated_at         TEXT NOT NULL
);

-- The funding answer for each intervention of the family plan: the preferred option's columns for
-- the financiers' queries, all options and the rules cited as JSON, and the intervention version
-- it answers (a late older version changes nothing).
CREATE TABLE intervention_routes (
    intervention_id      TEXT NOT NULL PRIMARY KEY,
    family_id            TEXT NOT NULL,
    member_id            TEXT NULL,
    intervention_version INTEGER NOT NULL,
    law                  TEXT NULL,
    financier_type       TEXT NULL,
    financier_code       TEXT NULL,
    product_category     TEXT NULL,
    deductible_applies   INTEGER NOT NULL,
    options_json         TEXT NOT NULL,
    rules_json           TEXT NOT NULL,
    decided_at           TEXT NOT NULL
);
CREATE INDEX ix_intervention_routes_financier ON intervention_routes (financier_type, financier_code);

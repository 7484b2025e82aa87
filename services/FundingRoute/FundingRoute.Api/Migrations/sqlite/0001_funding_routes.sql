-- One funding decision per referral: the route, the financier and the rule that decided it.
-- No clinical content: financiers may query this table's columns for their own population.
CREATE TABLE funding_routes (
    referral_id        TEXT NOT NULL PRIMARY KEY,
    family_id          TEXT NOT NULL,
    subject_bsn        TEXT NOT NULL,
    municipality_code  TEXT NOT NULL,
    uzovi              TEXT NULL,
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
CREATE INDEX ix_funding_routes_financier ON funding_routes (financier_type, financier_code);

-- One funding decision per referral: the route, the financier and the rule that decided it.
-- No clinical content: financiers may query this table's columns for their own population.
CREATE TABLE funding_routes (
    referral_id        nvarchar(100) NOT NULL PRIMARY KEY,
    family_id          nvarchar(100) NOT NULL,
    subject_bsn        nvarchar(100) NOT NULL,
    municipality_code  nvarchar(100) NOT NULL,
    uzovi              nvarchar(100) NULL,
    law                nvarchar(100) NOT NULL,
    financier_type     nvarchar(100) NOT NULL,
    financier_code     nvarchar(100) NULL,
    product_category   nvarchar(100) NULL,
    rule_id            nvarchar(100) NOT NULL,
    rule_text          nvarchar(max) NOT NULL,
    paperwork_json     nvarchar(max) NOT NULL,
    deductible_applies bit NOT NULL,
    decided_at         datetime2 NOT NULL
);
CREATE INDEX ix_funding_routes_financier ON funding_routes (financier_type, financier_code);

-- One funding decision per referral: the route, the financier and the rule that decided it.
-- No clinical content: financiers may query this table's columns for their own population.
CREATE TABLE funding_routes (
    referral_id        varchar(100) NOT NULL PRIMARY KEY,
    family_id          varchar(100) NOT NULL,
    subject_bsn        varchar(100) NOT NULL,
    municipality_code  varchar(100) NOT NULL,
    uzovi              varchar(100) NULL,
    law                varchar(100) NOT NULL,
    financier_type     varchar(100) NOT NULL,
    financier_code     varchar(100) NULL,
    product_category   varchar(100) NULL,
    rule_id            varchar(100) NOT NULL,
    rule_text          text NOT NULL,
    paperwork_json     text NOT NULL,
    deductible_applies boolean NOT NULL,
    decided_at         timestamptz NOT NULL
);
CREATE INDEX ix_funding_routes_financier ON funding_routes (financier_type, financier_code);

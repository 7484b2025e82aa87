-- The directory of organisations and professionals a GP addresses a referral to, and the later
-- issues invite team members and MDO participants from (docs/adr/0011). Work contact only.
CREATE TABLE directory_entries (
    agb              varchar(200) NOT NULL PRIMARY KEY,
    kind             varchar(200) NOT NULL,
    name             varchar(200) NOT NULL,
    profession       varchar(200) NULL,
    domain           varchar(200) NULL,
    organisation_agb varchar(200) NULL,
    city             varchar(200) NULL,
    phone            varchar(200) NULL,
    email            varchar(200) NULL
);
CREATE INDEX ix_directory_entries_organisation ON directory_entries (organisation_agb);

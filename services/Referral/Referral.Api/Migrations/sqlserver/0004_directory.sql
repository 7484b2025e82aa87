-- The directory of organisations and professionals a GP addresses a referral to, and the later
-- issues invite team members and MDO participants from (docs/adr/0011). Work contact only.
CREATE TABLE directory_entries (
    agb              nvarchar(200) NOT NULL PRIMARY KEY,
    kind             nvarchar(200) NOT NULL,
    name             nvarchar(200) NOT NULL,
    profession       nvarchar(200) NULL,
    domain           nvarchar(200) NULL,
    organisation_agb nvarchar(200) NULL,
    city             nvarchar(200) NULL,
    phone            nvarchar(200) NULL,
    email            nvarchar(200) NULL
);
CREATE INDEX ix_directory_entries_organisation ON directory_entries (organisation_agb);

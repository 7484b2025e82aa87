-- The directory of organisations and professionals a GP addresses a referral to, and the later
-- issues invite team members and MDO participants from (docs/adr/0011). Work contact only.
CREATE TABLE directory_entries (
    agb              TEXT NOT NULL PRIMARY KEY,
    kind             TEXT NOT NULL,
    name             TEXT NOT NULL,
    profession       TEXT NULL,
    domain           TEXT NULL,
    organisation_agb TEXT NULL,
    city             TEXT NULL,
    phone            TEXT NULL,
    email            TEXT NULL
);
CREATE INDEX ix_directory_entries_organisation ON directory_entries (organisation_agb);

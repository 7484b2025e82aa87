-- The family's MDOs as the MDO service announces them (issue 11, MdoChanged): when, planned,
-- cancelled or held, and who takes part with their answer; never what is discussed. The plan
-- shows them to everyone who reads it. The version keeps a late, older announcement out.
CREATE TABLE plan_mdos (
    mdo_id            nvarchar(36) NOT NULL PRIMARY KEY,
    family_id         nvarchar(36) NOT NULL,
    status            nvarchar(20) NOT NULL,
    starts_at         datetime2 NOT NULL,
    ends_at           datetime2 NOT NULL,
    participants_json nvarchar(max) NOT NULL,
    version           int NOT NULL,
    updated_at        datetime2 NOT NULL
);
CREATE INDEX ix_plan_mdos_family ON plan_mdos (family_id, starts_at);

-- The family's MDOs as the MDO service announces them (issue 11, MdoChanged): when, planned,
-- cancelled or held, and who takes part with their answer; never what is discussed. The plan
-- shows them to everyone who reads it. The version keeps a late, older announcement out.
CREATE TABLE plan_mdos (
    mdo_id            TEXT NOT NULL PRIMARY KEY,
    family_id         TEXT NOT NULL,
    status            TEXT NOT NULL,
    starts_at         TEXT NOT NULL,
    ends_at           TEXT NOT NULL,
    participants_json TEXT NOT NULL,
    version           INTEGER NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX ix_plan_mdos_family ON plan_mdos (family_id, starts_at);

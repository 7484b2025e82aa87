-- Relatives who are not clients (issue 9): a partner, a sibling abroad, named by a professional who
-- treats the member they are related to. Never a member of the plan, never shown as a client.
CREATE TABLE plan_relatives (
    id          nvarchar(36) NOT NULL PRIMARY KEY,
    family_id   nvarchar(36) NOT NULL,
    relative_of nvarchar(36) NOT NULL,
    name        nvarchar(200) NOT NULL,
    relation    nvarchar(200) NOT NULL,
    added_by    nvarchar(200) NOT NULL,
    added_at    datetime2 NOT NULL
);
CREATE INDEX ix_plan_relatives_family ON plan_relatives (family_id);

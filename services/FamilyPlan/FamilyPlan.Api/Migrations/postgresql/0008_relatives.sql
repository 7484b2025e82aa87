-- Relatives who are not clients (issue 9): a partner, a sibling abroad, named by a professional who
-- treats the member they are related to. Never a member of the plan, never shown as a client.
CREATE TABLE plan_relatives (
    id          varchar(36) NOT NULL PRIMARY KEY,
    family_id   varchar(36) NOT NULL,
    relative_of varchar(36) NOT NULL,
    name        varchar(200) NOT NULL,
    relation    varchar(200) NOT NULL,
    added_by    varchar(200) NOT NULL,
    added_at    timestamptz NOT NULL
);
CREATE INDEX ix_plan_relatives_family ON plan_relatives (family_id);

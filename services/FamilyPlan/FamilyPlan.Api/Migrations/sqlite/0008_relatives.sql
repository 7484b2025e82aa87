-- Relatives who are not clients (issue 9): a partner, a sibling abroad, named by a professional who
-- treats the member they are related to. Never a member of the plan, never shown as a client.
CREATE TABLE plan_relatives (
    id          TEXT NOT NULL PRIMARY KEY,
    family_id   TEXT NOT NULL,
    relative_of TEXT NOT NULL,
    name        TEXT NOT NULL,
    relation    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL
);
CREATE INDEX ix_plan_relatives_family ON plan_relatives (family_id);

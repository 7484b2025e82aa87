-- Goals of the family plan (issue 9): for one member, or for the family (member_id null); owned by
-- a team member; open, achieved or dropped; evaluated on a date. The version is the goal's ETag.
CREATE TABLE plan_goals (
    id              TEXT NOT NULL PRIMARY KEY,
    family_id       TEXT NOT NULL,
    member_id       TEXT NULL,
    title           TEXT NOT NULL,
    description     TEXT NULL,
    owner_user_id   TEXT NOT NULL,
    owner_name      TEXT NOT NULL,
    status          TEXT NOT NULL,
    evaluation_on   TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL
);
CREATE INDEX ix_plan_goals_family ON plan_goals (family_id);

-- Goals of the family plan (issue 9): for one member, or for the family (member_id null); owned by
-- a team member; open, achieved or dropped; evaluated on a date. The version is the goal's ETag.
CREATE TABLE plan_goals (
    id              nvarchar(36) NOT NULL PRIMARY KEY,
    family_id       nvarchar(36) NOT NULL,
    member_id       nvarchar(36) NULL,
    title           nvarchar(200) NOT NULL,
    description     nvarchar(2000) NULL,
    owner_user_id   nvarchar(200) NOT NULL,
    owner_name      nvarchar(200) NOT NULL,
    status          nvarchar(200) NOT NULL,
    evaluation_on   nvarchar(10) NOT NULL,
    created_by      nvarchar(200) NOT NULL,
    created_at      datetime2 NOT NULL,
    updated_at      datetime2 NOT NULL,
    version         int NOT NULL
);
CREATE INDEX ix_plan_goals_family ON plan_goals (family_id);

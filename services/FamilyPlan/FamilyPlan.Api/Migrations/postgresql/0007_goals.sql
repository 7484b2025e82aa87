-- Goals of the family plan (issue 9): for one member, or for the family (member_id null); owned by
-- a team member; open, achieved or dropped; evaluated on a date. The version is the goal's ETag.
CREATE TABLE plan_goals (
    id              varchar(36) NOT NULL PRIMARY KEY,
    family_id       varchar(36) NOT NULL,
    member_id       varchar(36) NULL,
    title           varchar(200) NOT NULL,
    description     varchar(2000) NULL,
    owner_user_id   varchar(200) NOT NULL,
    owner_name      varchar(200) NOT NULL,
    status          varchar(200) NOT NULL,
    evaluation_on   varchar(10) NOT NULL,
    created_by      varchar(200) NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         integer NOT NULL
);
CREATE INDEX ix_plan_goals_family ON plan_goals (family_id);

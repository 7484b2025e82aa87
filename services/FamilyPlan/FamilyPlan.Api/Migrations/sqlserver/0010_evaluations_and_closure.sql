-- Evaluations of the family plan (issue 9): the team looks back on a day; per goal, what changed
-- and what next. Each goal's lines are that goal's: they show to whom the goal shows.
CREATE TABLE plan_evaluations (
    id         nvarchar(36) NOT NULL PRIMARY KEY,
    family_id  nvarchar(36) NOT NULL,
    held_on    nvarchar(10) NOT NULL,
    by_user_id nvarchar(200) NOT NULL,
    by_name    nvarchar(200) NOT NULL,
    created_at datetime2 NOT NULL
);
CREATE INDEX ix_plan_evaluations_family ON plan_evaluations (family_id);

CREATE TABLE plan_evaluation_goals (
    evaluation_id nvarchar(36) NOT NULL,
    goal_id       nvarchar(36) NOT NULL,
    family_id     nvarchar(36) NOT NULL,
    what_changed  nvarchar(2000) NOT NULL,
    what_next     nvarchar(2000) NOT NULL,
    PRIMARY KEY (evaluation_id, goal_id)
);
CREATE INDEX ix_plan_evaluation_goals_family ON plan_evaluation_goals (family_id);

-- The closure of a family's plan (issue 9): once every intervention ended, with the relapse-
-- prevention plan the family keeps seeing: the signals, what to do, whom to call (JSON lists).
CREATE TABLE plan_closures (
    family_id      nvarchar(36) NOT NULL PRIMARY KEY,
    closed_at      datetime2 NOT NULL,
    closed_by      nvarchar(200) NOT NULL,
    closed_by_name nvarchar(200) NOT NULL,
    signals_json   nvarchar(max) NOT NULL,
    steps_json     nvarchar(max) NOT NULL,
    contacts_json  nvarchar(max) NOT NULL
);

-- Evaluations of the family plan (issue 9): the team looks back on a day; per goal, what changed
-- and what next. Each goal's lines are that goal's: they show to whom the goal shows.
CREATE TABLE plan_evaluations (
    id         TEXT NOT NULL PRIMARY KEY,
    family_id  TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    by_user_id TEXT NOT NULL,
    by_name    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_plan_evaluations_family ON plan_evaluations (family_id);

CREATE TABLE plan_evaluation_goals (
    evaluation_id TEXT NOT NULL,
    goal_id       TEXT NOT NULL,
    family_id     TEXT NOT NULL,
    what_changed  TEXT NOT NULL,
    what_next     TEXT NOT NULL,
    PRIMARY KEY (evaluation_id, goal_id)
);
CREATE INDEX ix_plan_evaluation_goals_family ON plan_evaluation_goals (family_id);

-- The closure of a family's plan (issue 9): once every intervention ended, with the relapse-
-- prevention plan the family keeps seeing: the signals, what to do, whom to call (JSON lists).
CREATE TABLE plan_closures (
    family_id      TEXT NOT NULL PRIMARY KEY,
    closed_at      TEXT NOT NULL,
    closed_by      TEXT NOT NULL,
    closed_by_name TEXT NOT NULL,
    signals_json   TEXT NOT NULL,
    steps_json     TEXT NOT NULL,
    contacts_json  TEXT NOT NULL
);

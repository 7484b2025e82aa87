-- Interventions of the family plan (issue 9): planned care for one member, or for the family
-- (member_id null) with the members taking part; a responsible team member; planned, active,
-- ended or cancelled. The version is the intervention's ETag and the version of its event.
CREATE TABLE plan_interventions (
    id                  TEXT NOT NULL PRIMARY KEY,
    family_id           TEXT NOT NULL,
    member_id           TEXT NULL,
    participants_json   TEXT NOT NULL,
    kind                TEXT NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT NULL,
    responsible_user_id TEXT NOT NULL,
    responsible_name    TEXT NOT NULL,
    responsible_role    TEXT NOT NULL,
    responsible_domain  TEXT NULL,
    responsible_org     TEXT NULL,
    start_on            TEXT NOT NULL,
    end_on              TEXT NULL,
    planned_sessions    INTEGER NULL,
    status              TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL
);
CREATE INDEX ix_plan_interventions_family ON plan_interventions (family_id);

-- The funding route service's answer for an intervention, shown beside it: the highest decision
-- version that arrived (options, rules and paperwork as JSON, as the event carried them).
CREATE TABLE plan_intervention_funding (
    intervention_id TEXT NOT NULL PRIMARY KEY,
    family_id       TEXT NOT NULL,
    version         INTEGER NOT NULL,
    options_json    TEXT NOT NULL,
    rules_json      TEXT NOT NULL,
    paperwork_json  TEXT NOT NULL,
    decided_at      TEXT NOT NULL
);

-- Actions of the family plan (issue 9): concrete steps with an owner and a due date, for one
-- member or the family; from the team, or from an MDO's decisions (source 'mdo', keyed by the
-- decision's id so a redelivered message adds nothing).
CREATE TABLE plan_actions (
    id            TEXT NOT NULL PRIMARY KEY,
    family_id     TEXT NOT NULL,
    member_id     TEXT NULL,
    title         TEXT NOT NULL,
    owner_user_id TEXT NOT NULL,
    owner_name    TEXT NOT NULL,
    due_on        TEXT NOT NULL,
    status        TEXT NOT NULL,
    source        TEXT NOT NULL,
    mdo_id        TEXT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX ix_plan_actions_family ON plan_actions (family_id);

-- The plan's change history, readable by the team (issue 9): who changed what, when. A change
-- of a member's part names the member, and shows only to whom that member's care data shows.
CREATE TABLE plan_changes (
    id          TEXT NOT NULL PRIMARY KEY,
    family_id   TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    member_id   TEXT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    change      TEXT NOT NULL,
    fields      TEXT NULL
);
CREATE INDEX ix_plan_changes_family ON plan_changes (family_id, changed_at);

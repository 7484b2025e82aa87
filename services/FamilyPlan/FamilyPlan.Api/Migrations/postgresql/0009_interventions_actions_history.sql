-- Interventions of the family plan (issue 9): planned care for one member, or for the family
-- (member_id null) with the members taking part; a responsible team member; planned, active,
-- ended or cancelled. The version is the intervention's ETag and the version of its event.
CREATE TABLE plan_interventions (
    id                  varchar(36) NOT NULL PRIMARY KEY,
    family_id           varchar(36) NOT NULL,
    member_id           varchar(36) NULL,
    participants_json   varchar(2000) NOT NULL,
    kind                varchar(50) NOT NULL,
    title               varchar(200) NOT NULL,
    description         varchar(2000) NULL,
    responsible_user_id varchar(200) NOT NULL,
    responsible_name    varchar(200) NOT NULL,
    responsible_role    varchar(200) NOT NULL,
    responsible_domain  varchar(200) NULL,
    responsible_org     varchar(200) NULL,
    start_on            varchar(10) NOT NULL,
    end_on              varchar(10) NULL,
    planned_sessions    integer NULL,
    status              varchar(20) NOT NULL,
    created_by          varchar(200) NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             integer NOT NULL
);
CREATE INDEX ix_plan_interventions_family ON plan_interventions (family_id);

-- The funding route service's answer for an intervention, shown beside it: the highest decision
-- version that arrived (options, rules and paperwork as JSON, as the event carried them).
CREATE TABLE plan_intervention_funding (
    intervention_id varchar(36) NOT NULL PRIMARY KEY,
    family_id       varchar(36) NOT NULL,
    version         integer NOT NULL,
    options_json    text NOT NULL,
    rules_json      text NOT NULL,
    paperwork_json  text NOT NULL,
    decided_at      timestamptz NOT NULL
);

-- Actions of the family plan (issue 9): concrete steps with an owner and a due date, for one
-- member or the family; from the team, or from an MDO's decisions (source 'mdo', keyed by the
-- decision's id so a redelivered message adds nothing).
CREATE TABLE plan_actions (
    id            varchar(36) NOT NULL PRIMARY KEY,
    family_id     varchar(36) NOT NULL,
    member_id     varchar(36) NULL,
    title         varchar(1000) NOT NULL,
    owner_user_id varchar(200) NOT NULL,
    owner_name    varchar(200) NOT NULL,
    due_on        varchar(10) NOT NULL,
    status        varchar(20) NOT NULL,
    source        varchar(20) NOT NULL,
    mdo_id        varchar(36) NULL,
    created_by    varchar(200) NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    version       integer NOT NULL
);
CREATE INDEX ix_plan_actions_family ON plan_actions (family_id);

-- The plan's change history, readable by the team (issue 9): who changed what, when. A change
-- of a member's part names the member, and shows only to whom that member's care data shows.
CREATE TABLE plan_changes (
    id          varchar(36) NOT NULL PRIMARY KEY,
    family_id   varchar(36) NOT NULL,
    changed_at  timestamptz NOT NULL,
    user_id     varchar(200) NOT NULL,
    user_name   varchar(200) NOT NULL,
    member_id   varchar(36) NULL,
    object_type varchar(50) NOT NULL,
    object_id   varchar(200) NOT NULL,
    change      varchar(50) NOT NULL,
    fields      varchar(1000) NULL
);
CREATE INDEX ix_plan_changes_family ON plan_changes (family_id, changed_at);

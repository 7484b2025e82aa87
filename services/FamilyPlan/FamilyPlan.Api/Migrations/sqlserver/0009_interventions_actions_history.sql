-- Interventions of the family plan (issue 9): planned care for one member, or for the family
-- (member_id null) with the members taking part; a responsible team member; planned, active,
-- ended or cancelled. The version is the intervention's ETag and the version of its event.
CREATE TABLE plan_interventions (
    id                  nvarchar(36) NOT NULL PRIMARY KEY,
    family_id           nvarchar(36) NOT NULL,
    member_id           nvarchar(36) NULL,
    participants_json   nvarchar(2000) NOT NULL,
    kind                nvarchar(50) NOT NULL,
    title               nvarchar(200) NOT NULL,
    description         nvarchar(2000) NULL,
    responsible_user_id nvarchar(200) NOT NULL,
    responsible_name    nvarchar(200) NOT NULL,
    responsible_role    nvarchar(200) NOT NULL,
    responsible_domain  nvarchar(200) NULL,
    responsible_org     nvarchar(200) NULL,
    start_on            nvarchar(10) NOT NULL,
    end_on              nvarchar(10) NULL,
    planned_sessions    int NULL,
    status              nvarchar(20) NOT NULL,
    created_by          nvarchar(200) NOT NULL,
    created_at          datetime2 NOT NULL,
    updated_at          datetime2 NOT NULL,
    version             int NOT NULL
);
CREATE INDEX ix_plan_interventions_family ON plan_interventions (family_id);

-- The funding route service's answer for an intervention, shown beside it: the highest decision
-- version that arrived (options, rules and paperwork as JSON, as the event carried them).
CREATE TABLE plan_intervention_funding (
    intervention_id nvarchar(36) NOT NULL PRIMARY KEY,
    family_id       nvarchar(36) NOT NULL,
    version         int NOT NULL,
    options_json    nvarchar(max) NOT NULL,
    rules_json      nvarchar(max) NOT NULL,
    paperwork_json  nvarchar(max) NOT NULL,
    decided_at      datetime2 NOT NULL
);

-- Actions of the family plan (issue 9): concrete steps with an owner and a due date, for one
-- member or the family; from the team, or from an MDO's decisions (source 'mdo', keyed by the
-- decision's id so a redelivered message adds nothing).
CREATE TABLE plan_actions (
    id            nvarchar(36) NOT NULL PRIMARY KEY,
    family_id     nvarchar(36) NOT NULL,
    member_id     nvarchar(36) NULL,
    title         nvarchar(1000) NOT NULL,
    owner_user_id nvarchar(200) NOT NULL,
    owner_name    nvarchar(200) NOT NULL,
    due_on        nvarchar(10) NOT NULL,
    status        nvarchar(20) NOT NULL,
    source        nvarchar(20) NOT NULL,
    mdo_id        nvarchar(36) NULL,
    created_by    nvarchar(200) NOT NULL,
    created_at    datetime2 NOT NULL,
    updated_at    datetime2 NOT NULL,
    version       int NOT NULL
);
CREATE INDEX ix_plan_actions_family ON plan_actions (family_id);

-- The plan's change history, readable by the team (issue 9): who changed what, when. A change
-- of a member's part names the member, and shows only to whom that member's care data shows.
CREATE TABLE plan_changes (
    id          nvarchar(36) NOT NULL PRIMARY KEY,
    family_id   nvarchar(36) NOT NULL,
    changed_at  datetime2 NOT NULL,
    user_id     nvarchar(200) NOT NULL,
    user_name   nvarchar(200) NOT NULL,
    member_id   nvarchar(36) NULL,
    object_type nvarchar(50) NOT NULL,
    object_id   nvarchar(200) NOT NULL,
    change      nvarchar(50) NOT NULL,
    fields      nvarchar(1000) NULL
);
CREATE INDEX ix_plan_changes_family ON plan_changes (family_id, changed_at);

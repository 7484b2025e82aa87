-- What happens to a referral after its submission (issue 8), and what its acceptance sets going.
-- The bus keeps no order: each of these rows may be written before the referral's own row
-- arrives, so each is keyed by what its event carries and none refers to plan_referrals.

-- The referral's status at its newest known version. The submission itself is version 1 (the
-- status held in plan_referrals); a row here is written by a status change, always newer.
CREATE TABLE plan_referral_progress (
    referral_id nvarchar(36) NOT NULL PRIMARY KEY,
    family_id   nvarchar(200) NOT NULL REFERENCES families (id),
    status      nvarchar(50) NOT NULL,
    version     int NOT NULL,
    changed_at  datetime2 NOT NULL
);
CREATE INDEX ix_plan_referral_progress_family ON plan_referral_progress (family_id);

-- One row per supplement, keyed by the referral's version after it: a copy changes nothing.
CREATE TABLE plan_referral_supplements (
    referral_id      nvarchar(36) NOT NULL,
    version          int NOT NULL,
    family_id        nvarchar(200) NOT NULL REFERENCES families (id),
    attachment_count int NOT NULL,
    supplemented_at  datetime2 NOT NULL,
    CONSTRAINT pk_plan_referral_supplements PRIMARY KEY (referral_id, version)
);
CREATE INDEX ix_plan_referral_supplements_family ON plan_referral_supplements (family_id);

-- The professionals who joined the family's care team, each by the referral they accepted.
CREATE TABLE care_team_members (
    referral_id       nvarchar(36) NOT NULL,
    user_id           nvarchar(100) NOT NULL,
    family_id         nvarchar(200) NOT NULL REFERENCES families (id),
    subject_member_id nvarchar(36) NOT NULL,
    name              nvarchar(200) NOT NULL,
    role              nvarchar(50) NOT NULL,
    agb               nvarchar(8) NULL,
    organisation_agb  nvarchar(8) NULL,
    domain            nvarchar(10) NULL,
    joined_at         datetime2 NOT NULL,
    CONSTRAINT pk_care_team_members PRIMARY KEY (referral_id, user_id)
);
CREATE INDEX ix_care_team_members_family ON care_team_members (family_id);

-- The checks an acceptance raises (kindcheck, oudercheck): one per referral and kind.
-- members_json: the member ids the check asks about (the minors, or the parents).
CREATE TABLE plan_tasks (
    id                nvarchar(36) NOT NULL PRIMARY KEY,
    family_id         nvarchar(200) NOT NULL REFERENCES families (id),
    referral_id       nvarchar(36) NOT NULL,
    kind              nvarchar(20) NOT NULL,
    subject_member_id nvarchar(36) NOT NULL,
    members_json      nvarchar(max) NOT NULL,
    assignee_user_id  nvarchar(100) NOT NULL,
    assignee_name     nvarchar(200) NOT NULL,
    created_at        datetime2 NOT NULL,
    status            nvarchar(50) NOT NULL,
    outcome           nvarchar(20) NULL,
    note              nvarchar(2000) NULL,
    done_at           datetime2 NULL,
    done_by           nvarchar(100) NULL
);
CREATE UNIQUE INDEX ux_plan_tasks_referral_kind ON plan_tasks (referral_id, kind);
CREATE INDEX ix_plan_tasks_family ON plan_tasks (family_id);

-- The five steps of the Meldcode huiselijk geweld en kindermishandeling, opened by a kindcheck with concerns.
CREATE TABLE meldcode_steps (
    task_id nvarchar(36) NOT NULL REFERENCES plan_tasks (id),
    step    int NOT NULL,
    done_at datetime2 NULL,
    done_by nvarchar(100) NULL,
    note    nvarchar(2000) NULL,
    CONSTRAINT pk_meldcode_steps PRIMARY KEY (task_id, step)
);

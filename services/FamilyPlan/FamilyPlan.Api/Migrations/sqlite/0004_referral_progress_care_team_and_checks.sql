-- What happens to a referral after its submission (issue 8), and what its acceptance sets going.
-- The bus keeps no order: each of these rows may be written before the referral's own row
-- arrives, so each is keyed by what its event carries and none refers to plan_referrals.

-- The referral's status at its newest known version. The submission itself is version 1 (the
-- status held in plan_referrals); a row here is written by a status change, always newer.
CREATE TABLE plan_referral_progress (
    referral_id TEXT NOT NULL PRIMARY KEY,
    family_id   TEXT NOT NULL REFERENCES families (id),
    status      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    changed_at  TEXT NOT NULL
);
CREATE INDEX ix_plan_referral_progress_family ON plan_referral_progress (family_id);

-- One row per supplement, keyed by the referral's version after it: a copy changes nothing.
CREATE TABLE plan_referral_supplements (
    referral_id      TEXT NOT NULL,
    version          INTEGER NOT NULL,
    family_id        TEXT NOT NULL REFERENCES families (id),
    attachment_count INTEGER NOT NULL,
    supplemented_at  TEXT NOT NULL,
    PRIMARY KEY (referral_id, version)
);
CREATE INDEX ix_plan_referral_supplements_family ON plan_referral_supplements (family_id);

-- The professionals who joined the family's care team, each by the referral they accepted.
CREATE TABLE care_team_members (
    referral_id       TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    family_id         TEXT NOT NULL REFERENCES families (id),
    subject_member_id TEXT NOT NULL,
    name              TEXT NOT NULL,
    role              TEXT NOT NULL,
    agb               TEXT NULL,
    organisation_agb  TEXT NULL,
    domain            TEXT NULL,
    joined_at         TEXT NOT NULL,
    PRIMARY KEY (referral_id, user_id)
);
CREATE INDEX ix_care_team_members_family ON care_team_members (family_id);

-- The checks an acceptance raises (kindcheck, oudercheck): one per referral and kind.
-- members_json: the member ids the check asks about (the minors, or the parents).
CREATE TABLE plan_tasks (
    id                TEXT NOT NULL PRIMARY KEY,
    family_id         TEXT NOT NULL REFERENCES families (id),
    referral_id       TEXT NOT NULL,
    kind              TEXT NOT NULL,
    subject_member_id TEXT NOT NULL,
    members_json      TEXT NOT NULL,
    assignee_user_id  TEXT NOT NULL,
    assignee_name     TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    status            TEXT NOT NULL,
    outcome           TEXT NULL,
    note              TEXT NULL,
    done_at           TEXT NULL,
    done_by           TEXT NULL
);
CREATE UNIQUE INDEX ux_plan_tasks_referral_kind ON plan_tasks (referral_id, kind);
CREATE INDEX ix_plan_tasks_family ON plan_tasks (family_id);

-- The five steps of the Meldcode huiselijk geweld en kindermishandeling, opened by a kindcheck with concerns.
CREATE TABLE meldcode_steps (
    task_id TEXT NOT NULL REFERENCES plan_tasks (id),
    step    INTEGER NOT NULL,
    done_at TEXT NULL,
    done_by TEXT NULL,
    note    TEXT NULL,
    PRIMARY KEY (task_id, step)
);

-- MDO scheduling (issue 11). Professionals' calendars: working hours per weekday (Amsterdam time)
-- and busy time, given through the API or uploaded from their own calendar. What the service knows
-- of each family: its members (from the referrals) and its care team (from the family plan). The
-- MDOs: who organises, who is discussed, who takes part, their answers and the outcome.

CREATE TABLE calendars (
    user_id          TEXT NOT NULL PRIMARY KEY,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL,
    agb              TEXT NULL,
    organisation_agb TEXT NULL,
    domain           TEXT NULL,
    hours_json       TEXT NOT NULL,
    version          INTEGER NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE busy_periods (
    id         TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    source     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_busy_periods_user ON busy_periods (user_id, starts_at);

CREATE TABLE family_members (
    member_id TEXT NOT NULL PRIMARY KEY,
    family_id TEXT NOT NULL,
    bsn       TEXT NOT NULL,
    name      TEXT NULL
);
CREATE INDEX ix_family_members_family ON family_members (family_id);
CREATE INDEX ix_family_members_bsn ON family_members (bsn);

CREATE TABLE family_referrers (
    family_id TEXT NOT NULL,
    agb       TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_family_referrers ON family_referrers (family_id, agb);

CREATE TABLE care_team (
    family_id        TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    role             TEXT NOT NULL,
    organisation_agb TEXT NULL,
    domain           TEXT NULL,
    active           INTEGER NOT NULL,
    team_version     INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_care_team ON care_team (family_id, user_id);

CREATE TABLE mdos (
    id                TEXT NOT NULL PRIMARY KEY,
    family_id         TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    members_json      TEXT NOT NULL,
    organiser_user_id TEXT NOT NULL,
    organiser_name    TEXT NOT NULL,
    status            TEXT NOT NULL,
    starts_at         TEXT NOT NULL,
    ends_at           TEXT NOT NULL,
    window_ends_at    TEXT NOT NULL,
    sequence          INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    cancel_reason     TEXT NULL,
    client_present    INTEGER NULL,
    outcome_json      TEXT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX ix_mdos_family ON mdos (family_id, starts_at);

CREATE TABLE mdo_participants (
    mdo_id           TEXT NOT NULL,
    participant_id   TEXT NOT NULL,
    kind             TEXT NOT NULL,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL,
    agb              TEXT NULL,
    organisation_agb TEXT NULL,
    domain           TEXT NULL,
    member_id        TEXT NULL,
    required         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    reason           TEXT NULL,
    answered_at      TEXT NULL,
    changed_at       TEXT NOT NULL,
    read_at          TEXT NULL
);
CREATE UNIQUE INDEX ux_mdo_participants ON mdo_participants (mdo_id, participant_id);
CREATE INDEX ix_mdo_participants_participant ON mdo_participants (participant_id);

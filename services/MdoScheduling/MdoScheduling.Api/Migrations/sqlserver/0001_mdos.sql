-- MDO scheduling (issue 11). Professionals' calendars: working hours per weekday (Amsterdam time)
-- and busy time, given through the API or uploaded from their own calendar. What the service knows
-- of each family: its members (from the referrals) and its care team (from the family plan). The
-- MDOs: who organises, who is discussed, who takes part, their answers and the outcome.

CREATE TABLE calendars (
    user_id          nvarchar(200) NOT NULL PRIMARY KEY,
    name             nvarchar(200) NOT NULL,
    role             nvarchar(30) NOT NULL,
    agb              nvarchar(8) NULL,
    organisation_agb nvarchar(8) NULL,
    domain           nvarchar(10) NULL,
    hours_json       nvarchar(2000) NOT NULL,
    version          int NOT NULL,
    updated_at       datetime2 NOT NULL
);

CREATE TABLE busy_periods (
    id         nvarchar(36) NOT NULL PRIMARY KEY,
    user_id    nvarchar(200) NOT NULL,
    starts_at  datetime2 NOT NULL,
    ends_at    datetime2 NOT NULL,
    source     nvarchar(10) NOT NULL,
    created_at datetime2 NOT NULL
);
CREATE INDEX ix_busy_periods_user ON busy_periods (user_id, starts_at);

CREATE TABLE family_members (
    member_id nvarchar(36) NOT NULL PRIMARY KEY,
    family_id nvarchar(36) NOT NULL,
    bsn       nvarchar(100) NOT NULL,
    name      nvarchar(200) NULL
);
CREATE INDEX ix_family_members_family ON family_members (family_id);
CREATE INDEX ix_family_members_bsn ON family_members (bsn);

CREATE TABLE family_referrers (
    family_id nvarchar(36) NOT NULL,
    agb       nvarchar(8) NOT NULL
);
CREATE UNIQUE INDEX ux_family_referrers ON family_referrers (family_id, agb);

CREATE TABLE care_team (
    family_id        nvarchar(36) NOT NULL,
    user_id          nvarchar(200) NOT NULL,
    role             nvarchar(30) NOT NULL,
    organisation_agb nvarchar(8) NULL,
    domain           nvarchar(10) NULL,
    active           bit NOT NULL,
    team_version     int NOT NULL
);
CREATE UNIQUE INDEX ux_care_team ON care_team (family_id, user_id);

CREATE TABLE mdos (
    id                nvarchar(36) NOT NULL PRIMARY KEY,
    family_id         nvarchar(36) NOT NULL,
    purpose           nvarchar(500) NOT NULL,
    members_json      nvarchar(2000) NOT NULL,
    organiser_user_id nvarchar(200) NOT NULL,
    organiser_name    nvarchar(200) NOT NULL,
    status            nvarchar(20) NOT NULL,
    starts_at         datetime2 NOT NULL,
    ends_at           datetime2 NOT NULL,
    window_ends_at    datetime2 NOT NULL,
    sequence          int NOT NULL,
    version           int NOT NULL,
    cancel_reason     nvarchar(1000) NULL,
    client_present    bit NULL,
    outcome_json      nvarchar(max) NULL,
    created_at        datetime2 NOT NULL,
    updated_at        datetime2 NOT NULL
);
CREATE INDEX ix_mdos_family ON mdos (family_id, starts_at);

CREATE TABLE mdo_participants (
    mdo_id           nvarchar(36) NOT NULL,
    participant_id   nvarchar(200) NOT NULL,
    kind             nvarchar(20) NOT NULL,
    name             nvarchar(200) NOT NULL,
    role             nvarchar(30) NOT NULL,
    agb              nvarchar(8) NULL,
    organisation_agb nvarchar(8) NULL,
    domain           nvarchar(10) NULL,
    member_id        nvarchar(36) NULL,
    required         bit NOT NULL,
    status           nvarchar(20) NOT NULL,
    reason           nvarchar(1000) NULL,
    answered_at      datetime2 NULL,
    changed_at       datetime2 NOT NULL,
    read_at          datetime2 NULL
);
CREATE UNIQUE INDEX ux_mdo_participants ON mdo_participants (mdo_id, participant_id);
CREATE INDEX ix_mdo_participants_participant ON mdo_participants (participant_id);

-- MDO scheduling (issue 11). Professionals' calendars: working hours per weekday (Amsterdam time)
-- and busy time, given through the API or uploaded from their own calendar. What the service knows
-- of each family: its members (from the referrals) and its care team (from the family plan). The
-- MDOs: who organises, who is discussed, who takes part, their answers and the outcome.

CREATE TABLE calendars (
    user_id          varchar(200) NOT NULL PRIMARY KEY,
    name             varchar(200) NOT NULL,
    role             varchar(30) NOT NULL,
    agb              varchar(8) NULL,
    organisation_agb varchar(8) NULL,
    domain           varchar(10) NULL,
    hours_json       varchar(2000) NOT NULL,
    version          integer NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE busy_periods (
    id         varchar(36) NOT NULL PRIMARY KEY,
    user_id    varchar(200) NOT NULL,
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    source     varchar(10) NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_busy_periods_user ON busy_periods (user_id, starts_at);

CREATE TABLE family_members (
    member_id varchar(36) NOT NULL PRIMARY KEY,
    family_id varchar(36) NOT NULL,
    bsn       varchar(100) NOT NULL,
    name      varchar(200) NULL
);
CREATE INDEX ix_family_members_family ON family_members (family_id);
CREATE INDEX ix_family_members_bsn ON family_members (bsn);

CREATE TABLE family_referrers (
    family_id varchar(36) NOT NULL,
    agb       varchar(8) NOT NULL
);
CREATE UNIQUE INDEX ux_family_referrers ON family_referrers (family_id, agb);

CREATE TABLE care_team (
    family_id        varchar(36) NOT NULL,
    user_id          varchar(200) NOT NULL,
    role             varchar(30) NOT NULL,
    organisation_agb varchar(8) NULL,
    domain           varchar(10) NULL,
    active           boolean NOT NULL,
    team_version     integer NOT NULL
);
CREATE UNIQUE INDEX ux_care_team ON care_team (family_id, user_id);

CREATE TABLE mdos (
    id                varchar(36) NOT NULL PRIMARY KEY,
    family_id         varchar(36) NOT NULL,
    purpose           varchar(500) NOT NULL,
    members_json      varchar(2000) NOT NULL,
    organiser_user_id varchar(200) NOT NULL,
    organiser_name    varchar(200) NOT NULL,
    status            varchar(20) NOT NULL,
    starts_at         timestamptz NOT NULL,
    ends_at           timestamptz NOT NULL,
    window_ends_at    timestamptz NOT NULL,
    sequence          integer NOT NULL,
    version           integer NOT NULL,
    cancel_reason     varchar(1000) NULL,
    client_present    boolean NULL,
    outcome_json      text NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);
CREATE INDEX ix_mdos_family ON mdos (family_id, starts_at);

CREATE TABLE mdo_participants (
    mdo_id           varchar(36) NOT NULL,
    participant_id   varchar(200) NOT NULL,
    kind             varchar(20) NOT NULL,
    name             varchar(200) NOT NULL,
    role             varchar(30) NOT NULL,
    agb              varchar(8) NULL,
    organisation_agb varchar(8) NULL,
    domain           varchar(10) NULL,
    member_id        varchar(36) NULL,
    required         boolean NOT NULL,
    status           varchar(20) NOT NULL,
    reason           varchar(1000) NULL,
    answered_at      timestamptz NULL,
    changed_at       timestamptz NOT NULL,
    read_at          timestamptz NULL
);
CREATE UNIQUE INDEX ux_mdo_participants ON mdo_participants (mdo_id, participant_id);
CREATE INDEX ix_mdo_participants_participant ON mdo_participants (participant_id);

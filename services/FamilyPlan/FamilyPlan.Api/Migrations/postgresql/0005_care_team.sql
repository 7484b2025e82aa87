-- The care team beyond the referral flow (issue 9): professionals a team member invites, who
-- accept or decline; a member who leaves (or is removed) keeps no access; one coordinator per
-- family. The team's version is the ETag of its updates.
CREATE TABLE team_members (
    family_id        varchar(200) NOT NULL,
    user_id          varchar(200) NOT NULL,
    name             varchar(200) NOT NULL,
    role             varchar(200) NOT NULL,
    organisation_agb varchar(200) NULL,
    domain           varchar(200) NULL,
    status           varchar(200) NOT NULL,
    invited_by       varchar(200) NULL,
    invited_at       timestamptz NOT NULL,
    answered_at      timestamptz NULL,
    left_at          timestamptz NULL,
    reason           varchar(1000) NULL,
    PRIMARY KEY (family_id, user_id)
);
CREATE INDEX ix_team_members_user ON team_members (user_id, status);

ALTER TABLE families ADD COLUMN coordinator_user_id varchar(200) NULL;
ALTER TABLE families ADD COLUMN team_version integer NOT NULL DEFAULT 1;

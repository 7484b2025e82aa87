-- The care team beyond the referral flow (issue 9): professionals a team member invites, who
-- accept or decline; a member who leaves (or is removed) keeps no access; one coordinator per
-- family. The team's version is the ETag of its updates.
CREATE TABLE team_members (
    family_id        nvarchar(200) NOT NULL,
    user_id          nvarchar(200) NOT NULL,
    name             nvarchar(200) NOT NULL,
    role             nvarchar(200) NOT NULL,
    organisation_agb nvarchar(200) NULL,
    domain           nvarchar(200) NULL,
    status           nvarchar(200) NOT NULL,
    invited_by       nvarchar(200) NULL,
    invited_at       datetime2 NOT NULL,
    answered_at      datetime2 NULL,
    left_at          datetime2 NULL,
    reason           nvarchar(1000) NULL,
    PRIMARY KEY (family_id, user_id)
);
CREATE INDEX ix_team_members_user ON team_members (user_id, status);

ALTER TABLE families ADD coordinator_user_id nvarchar(200) NULL;
ALTER TABLE families ADD team_version int NOT NULL CONSTRAINT df_families_team_version DEFAULT 1;

-- The care team beyond the referral flow (issue 9): professionals a team member invites, who
-- accept or decline; a member who leaves (or is removed) keeps no access; one coordinator per
-- family. The team's version is the ETag of its updates.
CREATE TABLE team_members (
    family_id        TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL,
    organisation_agb TEXT NULL,
    domain           TEXT NULL,
    status           TEXT NOT NULL,
    invited_by       TEXT NULL,
    invited_at       TEXT NOT NULL,
    answered_at      TEXT NULL,
    left_at          TEXT NULL,
    reason           TEXT NULL,
    PRIMARY KEY (family_id, user_id)
);
CREATE INDEX ix_team_members_user ON team_members (user_id, status);

ALTER TABLE families ADD COLUMN coordinator_user_id TEXT NULL;
ALTER TABLE families ADD COLUMN team_version INTEGER NOT NULL DEFAULT 1;

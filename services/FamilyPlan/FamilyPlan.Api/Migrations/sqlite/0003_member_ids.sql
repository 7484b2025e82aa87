-- The member id the referral service gave each person: the name URLs and consents use, never the BSN.
CREATE TABLE plan_members (
    bsn       TEXT NOT NULL PRIMARY KEY,
    member_id TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_plan_members_member_id ON plan_members (member_id);

-- Each person gets a member id when the platform first sees their BSN: the name other services,
-- URLs and logs use instead of the BSN. It replaces the family index, one row per person.
CREATE TABLE members (
    bsn       varchar(200) NOT NULL PRIMARY KEY,
    member_id varchar(36) NOT NULL,
    family_id varchar(36) NOT NULL
);
CREATE UNIQUE INDEX ux_members_member_id ON members (member_id);
CREATE INDEX ix_members_family ON members (family_id);

-- A random (version 4) id for each person already known.
INSERT INTO members (bsn, member_id, family_id)
SELECT bsn, gen_random_uuid()::text, family_id FROM family_index;

DROP TABLE family_index;

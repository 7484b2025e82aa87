-- Each person gets a member id when the platform first sees their BSN: the name other services,
-- URLs and logs use instead of the BSN. It replaces the family index, one row per person.
CREATE TABLE members (
    bsn       TEXT NOT NULL PRIMARY KEY,
    member_id TEXT NOT NULL,
    family_id TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_members_member_id ON members (member_id);
CREATE INDEX ix_members_family ON members (family_id);

-- A random (version 4) id for each person already known.
INSERT INTO members (bsn, member_id, family_id)
SELECT bsn,
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2)
        || '-a' || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))),
    family_id
FROM family_index;

DROP TABLE family_index;

-- Every fact remembers the referral that stated it: a referrer sees what their own referrals stated.
DROP TABLE family_relations;
DROP TABLE family_members;

CREATE TABLE stated_members (
    referral_id TEXT  NOT NULL,
    family_id   TEXT  NOT NULL REFERENCES families (id),
    bsn         TEXT   NOT NULL,
    name        TEXT NULL,
    birth_date  TEXT  NOT NULL,
    PRIMARY KEY (referral_id, bsn)
);
CREATE INDEX ix_stated_members_family ON stated_members (family_id);

-- member_bsn is the subject_bsn's parent, child, ..., as one referral stated it.
CREATE TABLE stated_relations (
    referral_id TEXT NOT NULL,
    family_id   TEXT NOT NULL REFERENCES families (id),
    subject_bsn TEXT  NOT NULL,
    member_bsn  TEXT  NOT NULL,
    relation    TEXT NOT NULL,
    custody     INTEGER     NULL,
    PRIMARY KEY (referral_id, member_bsn)
);
CREATE INDEX ix_stated_relations_family ON stated_relations (family_id);

-- A later funding decision replaces an earlier one; an older one arriving late changes nothing.
ALTER TABLE plan_funding_routes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- Every fact remembers the referral that stated it: a referrer sees what their own referrals stated.
DROP TABLE family_relations;
DROP TABLE family_members;

CREATE TABLE stated_members (
    referral_id nvarchar(36)  NOT NULL,
    family_id   nvarchar(200)  NOT NULL REFERENCES families (id),
    bsn         nvarchar(9)   NOT NULL,
    name        nvarchar(200) NULL,
    birth_date  nvarchar(10)  NOT NULL,
    CONSTRAINT pk_stated_members PRIMARY KEY (referral_id, bsn)
);
CREATE INDEX ix_stated_members_family ON stated_members (family_id);

-- member_bsn is the subject_bsn's parent, child, ..., as one referral stated it.
CREATE TABLE stated_relations (
    referral_id nvarchar(36) NOT NULL,
    family_id   nvarchar(200) NOT NULL REFERENCES families (id),
    subject_bsn nvarchar(9)  NOT NULL,
    member_bsn  nvarchar(9)  NOT NULL,
    relation    nvarchar(50) NOT NULL,
    custody     bit     NULL,
    CONSTRAINT pk_stated_relations PRIMARY KEY (referral_id, member_bsn)
);
CREATE INDEX ix_stated_relations_family ON stated_relations (family_id);

-- A later funding decision replaces an earlier one; an older one arriving late changes nothing.
ALTER TABLE plan_funding_routes ADD version int NOT NULL DEFAULT 1;

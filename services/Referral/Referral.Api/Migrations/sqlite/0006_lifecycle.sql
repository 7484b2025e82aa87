-- The receiving side and the closed loop (issue 8): the referral's version (its ETag), the dates
-- its steps set, and a timeline of every change that the referrer follows as a feed.
ALTER TABLE referrals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- The day the receiver's registration-to-intake clock started (Amsterdam): the registration, or the redirect.
ALTER TABLE referrals ADD COLUMN clock_started_on TEXT NULL;
ALTER TABLE referrals ADD COLUMN triaged_on TEXT NULL;
ALTER TABLE referrals ADD COLUMN intake_planned_on TEXT NULL;
ALTER TABLE referrals ADD COLUMN intake_on TEXT NULL;
ALTER TABLE referrals ADD COLUMN treatment_started_on TEXT NULL;
ALTER TABLE referrals ADD COLUMN closed_at TEXT NULL;
ALTER TABLE referrals ADD COLUMN closure_summary TEXT NULL;

-- Referrals stored before this migration: their registration date in Amsterdam, with summer time
-- taken as April to October (a referral made within an hour or two of midnight in the last week
-- of March or October may be dated a day off; the PostgreSQL and SQL Server scripts are exact).
UPDATE referrals SET clock_started_on = date(submitted_at,
    CASE WHEN CAST(substr(submitted_at, 6, 2) AS INTEGER) BETWEEN 4 AND 10 THEN '+2 hours' ELSE '+1 hour' END);

CREATE INDEX ix_referrals_receiver ON referrals (receiver_agb, domain, status);

-- One row per change, in commit order: seq is the feed's cursor. referrer_agb is copied so the
-- referrer's feed reads one index range.
CREATE TABLE referral_timeline (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    referral_id  TEXT NOT NULL,
    referrer_agb TEXT NOT NULL,
    step         TEXT NOT NULL,
    status       TEXT NOT NULL,
    receiver_agb TEXT NULL,
    occurred_at  TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    actor_name   TEXT NOT NULL,
    actor_role   TEXT NOT NULL,
    actor_org    TEXT NULL,
    reason       TEXT NULL,
    detail_json  TEXT NULL
);
CREATE INDEX ix_referral_timeline_referral ON referral_timeline (referral_id, seq);
CREATE INDEX ix_referral_timeline_referrer ON referral_timeline (referrer_agb, seq);

-- Each referral stored before this migration starts its timeline with its submission.
INSERT INTO referral_timeline (referral_id, referrer_agb, step, status, receiver_agb, occurred_at, actor_id, actor_name, actor_role)
SELECT id, referrer_agb, 'submit', 'received', receiver_agb, submitted_at, author_id, COALESCE(referrer_name, referrer_agb), author_role
FROM referrals ORDER BY submitted_at;

-- The receiving side and the closed loop (issue 8): the referral's version (its ETag), the dates
-- its steps set, and a timeline of every change that the referrer follows as a feed.
ALTER TABLE referrals ADD version int NOT NULL CONSTRAINT df_referrals_version DEFAULT 1;
-- The day the receiver's registration-to-intake clock started (Amsterdam): the registration, or the redirect.
ALTER TABLE referrals ADD clock_started_on nvarchar(10) NULL;
ALTER TABLE referrals ADD triaged_on nvarchar(10) NULL;
ALTER TABLE referrals ADD intake_planned_on nvarchar(10) NULL;
ALTER TABLE referrals ADD intake_on nvarchar(10) NULL;
ALTER TABLE referrals ADD treatment_started_on nvarchar(10) NULL;
ALTER TABLE referrals ADD closed_at datetime2 NULL;
ALTER TABLE referrals ADD closure_summary nvarchar(max) NULL;
GO

UPDATE referrals SET clock_started_on = CONVERT(nvarchar(10), (submitted_at AT TIME ZONE 'UTC') AT TIME ZONE 'W. Europe Standard Time', 23);

CREATE INDEX ix_referrals_receiver ON referrals (receiver_agb, domain, status);

-- One row per change, in commit order (writers take an application lock before they add one, so
-- no row becomes visible behind a later one): seq is the feed's cursor. referrer_agb is copied so
-- the referrer's feed reads one index range.
CREATE TABLE referral_timeline (
    seq          bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    referral_id  nvarchar(36) NOT NULL,
    referrer_agb nvarchar(200) NOT NULL,
    step         nvarchar(50) NOT NULL,
    status       nvarchar(50) NOT NULL,
    receiver_agb nvarchar(200) NULL,
    occurred_at  datetime2 NOT NULL,
    actor_id     nvarchar(200) NOT NULL,
    actor_name   nvarchar(200) NOT NULL,
    actor_role   nvarchar(50) NOT NULL,
    actor_org    nvarchar(200) NULL,
    reason       nvarchar(1000) NULL,
    detail_json  nvarchar(max) NULL
);
CREATE INDEX ix_referral_timeline_referral ON referral_timeline (referral_id, seq);
CREATE INDEX ix_referral_timeline_referrer ON referral_timeline (referrer_agb, seq);

INSERT INTO referral_timeline (referral_id, referrer_agb, step, status, receiver_agb, occurred_at, actor_id, actor_name, actor_role)
SELECT id, referrer_agb, 'submit', 'received', receiver_agb, submitted_at, author_id, COALESCE(referrer_name, referrer_agb), author_role
FROM referrals ORDER BY submitted_at;

-- The receiving side and the closed loop (issue 8): the referral's version (its ETag), the dates
-- its steps set, and a timeline of every change that the referrer follows as a feed.
ALTER TABLE referrals ADD COLUMN version integer NOT NULL DEFAULT 1;
-- The day the receiver's registration-to-intake clock started (Amsterdam): the registration, or the redirect.
ALTER TABLE referrals ADD COLUMN clock_started_on varchar(10) NULL;
ALTER TABLE referrals ADD COLUMN triaged_on varchar(10) NULL;
ALTER TABLE referrals ADD COLUMN intake_planned_on varchar(10) NULL;
ALTER TABLE referrals ADD COLUMN intake_on varchar(10) NULL;
ALTER TABLE referrals ADD COLUMN treatment_started_on varchar(10) NULL;
ALTER TABLE referrals ADD COLUMN closed_at timestamptz NULL;
ALTER TABLE referrals ADD COLUMN closure_summary text NULL;

UPDATE referrals SET clock_started_on = to_char(submitted_at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD');

CREATE INDEX ix_referrals_receiver ON referrals (receiver_agb, domain, status);

-- One row per change, in commit order (writers take a transaction lock before they add one, so
-- no row becomes visible behind a later one): seq is the feed's cursor. referrer_agb is copied so
-- the referrer's feed reads one index range.
CREATE TABLE referral_timeline (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    referral_id  varchar(36) NOT NULL,
    referrer_agb varchar(200) NOT NULL,
    step         varchar(50) NOT NULL,
    status       varchar(50) NOT NULL,
    receiver_agb varchar(200) NULL,
    occurred_at  timestamptz NOT NULL,
    actor_id     varchar(200) NOT NULL,
    actor_name   varchar(200) NOT NULL,
    actor_role   varchar(50) NOT NULL,
    actor_org    varchar(200) NULL,
    reason       varchar(1000) NULL,
    detail_json  text NULL
);
CREATE INDEX ix_referral_timeline_referral ON referral_timeline (referral_id, seq);
CREATE INDEX ix_referral_timeline_referrer ON referral_timeline (referrer_agb, seq);

INSERT INTO referral_timeline (referral_id, referrer_agb, step, status, receiver_agb, occurred_at, actor_id, actor_name, actor_role)
SELECT id, referrer_agb, 'submit', 'received', receiver_agb, submitted_at, author_id, COALESCE(referrer_name, referrer_agb), author_role
FROM referrals ORDER BY submitted_at;

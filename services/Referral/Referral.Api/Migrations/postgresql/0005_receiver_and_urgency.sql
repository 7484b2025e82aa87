-- A referral may name its receiving organisation (from the directory); an urgent one says why.
ALTER TABLE referrals ADD COLUMN urgent_reason varchar(1000) NULL;
ALTER TABLE referrals ADD COLUMN receiver_agb varchar(200) NULL;
ALTER TABLE referrals ADD COLUMN receiver_name varchar(200) NULL;

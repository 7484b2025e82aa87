-- A referral may name its receiving organisation (from the directory); an urgent one says why.
ALTER TABLE referrals ADD COLUMN urgent_reason TEXT NULL;
ALTER TABLE referrals ADD COLUMN receiver_agb TEXT NULL;
ALTER TABLE referrals ADD COLUMN receiver_name TEXT NULL;

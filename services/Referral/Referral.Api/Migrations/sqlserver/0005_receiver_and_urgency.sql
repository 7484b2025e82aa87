-- A referral may name its receiving organisation (from the directory); an urgent one says why.
ALTER TABLE referrals ADD urgent_reason nvarchar(1000) NULL;
ALTER TABLE referrals ADD receiver_agb nvarchar(200) NULL;
ALTER TABLE referrals ADD receiver_name nvarchar(200) NULL;

-- A member's move, as a newer referral told it (issue 10): the municipality before and the day the
-- move became known. Help that began before it stays with the old municipality until the new one
-- assigns, at most a year (Jeugdwet art. 1.1, the woonplaatsbeginsel).
ALTER TABLE funding_members ADD previous_municipality nvarchar(4) NULL;
ALTER TABLE funding_members ADD moved_on nvarchar(10) NULL;

-- A member's move, as a newer referral told it (issue 10): the municipality before and the day the
-- move became known. Help that began before it stays with the old municipality until the new one
-- assigns, at most a year (Jeugdwet art. 1.1, the woonplaatsbeginsel).
ALTER TABLE funding_members ADD COLUMN previous_municipality varchar(4) NULL;
ALTER TABLE funding_members ADD COLUMN moved_on varchar(10) NULL;

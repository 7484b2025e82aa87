-- Financiers read their own population's routes (docs/adr/0009).
-- The birth date identifies, with the BSN, whom the financier pays for (as the iJw and Zvw
-- declarations do). Routes decided before this script have none: the event that carried it is gone.
ALTER TABLE funding_routes ADD subject_birth_date nvarchar(10) NULL;
-- A financier's list, newest first, paged by (decided_at, referral_id): one ordered range of this
-- index. The old index on (financier_type, financier_code) is its prefix, so it goes.
CREATE INDEX ix_funding_routes_financier_newest ON funding_routes (financier_type, financier_code, decided_at, referral_id);
DROP INDEX ix_funding_routes_financier ON funding_routes;

-- Financiers read the intervention routes they pay (issue 10): whom for (BSN and birth date, as the
-- iJw and Zvw messages identify a client), what kind of help, its status and dates. Routes decided
-- before this script have none of these until their intervention changes again.
ALTER TABLE intervention_routes ADD COLUMN subject_bsn TEXT NULL;
ALTER TABLE intervention_routes ADD COLUMN subject_birth_date TEXT NULL;
ALTER TABLE intervention_routes ADD COLUMN kind TEXT NULL;
ALTER TABLE intervention_routes ADD COLUMN status TEXT NULL;
ALTER TABLE intervention_routes ADD COLUMN start_on TEXT NULL;
ALTER TABLE intervention_routes ADD COLUMN end_on TEXT NULL;
ALTER TABLE intervention_routes ADD COLUMN planned_sessions INTEGER NULL;
ALTER TABLE intervention_routes ADD COLUMN paperwork_json TEXT NOT NULL DEFAULT '[]';
-- For a family therapy: the case of the cost–benefit table closest to the family on record (docs/adr/0016).
ALTER TABLE intervention_routes ADD COLUMN cost_case TEXT NULL;
-- The intervention as last heard of (kind, members, who gives it, dates; no title or note), to decide again when facts change.
ALTER TABLE intervention_routes ADD COLUMN intervention_json TEXT NULL;
-- Each decision for an intervention has its own version: a change of the intervention or a change
-- of the facts (a birthday, a move) decides again. Until now one decision answered each version.
ALTER TABLE intervention_routes ADD COLUMN decision_version INTEGER NOT NULL DEFAULT 1;
UPDATE intervention_routes SET decision_version = intervention_version;
-- A financier's list, newest first, paged by (decided_at, intervention_id): one ordered range.
CREATE INDEX ix_intervention_routes_financier_newest ON intervention_routes (financier_type, financier_code, decided_at, intervention_id);
DROP INDEX ix_intervention_routes_financier;

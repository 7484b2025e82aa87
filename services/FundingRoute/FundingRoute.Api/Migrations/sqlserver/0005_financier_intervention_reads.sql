-- Financiers read the intervention routes they pay (issue 10): whom for (BSN and birth date, as the
-- iJw and Zvw messages identify a client), what kind of help, its status and dates. Routes decided
-- before this script have none of these until their intervention changes again.
ALTER TABLE intervention_routes ADD subject_bsn nvarchar(100) NULL;
ALTER TABLE intervention_routes ADD subject_birth_date nvarchar(10) NULL;
ALTER TABLE intervention_routes ADD kind nvarchar(40) NULL;
ALTER TABLE intervention_routes ADD status nvarchar(20) NULL;
ALTER TABLE intervention_routes ADD start_on nvarchar(10) NULL;
ALTER TABLE intervention_routes ADD end_on nvarchar(10) NULL;
ALTER TABLE intervention_routes ADD planned_sessions int NULL;
ALTER TABLE intervention_routes ADD paperwork_json nvarchar(max) NOT NULL DEFAULT '[]';
-- For a family therapy: the case of the cost–benefit table closest to the family on record (docs/adr/0016).
ALTER TABLE intervention_routes ADD cost_case nvarchar(40) NULL;
-- The intervention as last heard of (kind, members, who gives it, dates; no title or note), to decide again when facts change.
ALTER TABLE intervention_routes ADD intervention_json nvarchar(max) NULL;
-- Each decision for an intervention has its own version: a change of the intervention or a change
-- of the facts (a birthday, a move) decides again. Until now one decision answered each version.
ALTER TABLE intervention_routes ADD decision_version int NOT NULL DEFAULT 1;
GO
UPDATE intervention_routes SET decision_version = intervention_version;
-- A financier's list, newest first, paged by (decided_at, intervention_id): one ordered range.
CREATE INDEX ix_intervention_routes_financier_newest ON intervention_routes (financier_type, financier_code, decided_at, intervention_id);
DROP INDEX ix_intervention_routes_financier ON intervention_routes;

-- The 18-/18+ transition the funding route attached to a youth intervention's funding (issue 10):
-- from 90 days before the 18th birthday, what continues and who takes over, as a task for the team.
ALTER TABLE plan_intervention_funding ADD COLUMN transition_json TEXT NULL;

-- The day each intervention's decision judged (the start, or the day it was decided again), and the
-- 18-/18+ transition it carried and since when: the daily review decides again on the 18th
-- birthday, and announces a transition once, from 90 days before it (issue 10).
ALTER TABLE intervention_routes ADD decided_on nvarchar(10) NULL;
ALTER TABLE intervention_routes ADD transition_json nvarchar(max) NULL;
ALTER TABLE intervention_routes ADD transition_on nvarchar(10) NULL;
GO
UPDATE intervention_routes SET decided_on = start_on;

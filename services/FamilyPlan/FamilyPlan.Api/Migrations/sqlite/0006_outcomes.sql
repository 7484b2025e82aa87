-- Outcome measurements per member (issue 9): the instrument (data: Domain/Data/outcome-instruments.json),
-- the score in hundredths (exact in every dialect), the day measured and who recorded it.
CREATE TABLE outcome_measurements (
    id                  TEXT NOT NULL PRIMARY KEY,
    family_id           TEXT NOT NULL,
    member_id           TEXT NOT NULL,
    instrument_id       TEXT NOT NULL,
    score_hundredths    INTEGER NOT NULL,
    measured_on         TEXT NOT NULL,
    recorded_by_user_id TEXT NOT NULL,
    recorded_by_name    TEXT NOT NULL,
    recorded_by_role    TEXT NOT NULL,
    recorded_at         TEXT NOT NULL
);
CREATE INDEX ix_outcome_measurements_family ON outcome_measurements (family_id, member_id, measured_on);

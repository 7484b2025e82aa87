-- Outcome measurements per member (issue 9): the instrument (data: Domain/Data/outcome-instruments.json),
-- the score in hundredths (exact in every dialect), the day measured and who recorded it.
CREATE TABLE outcome_measurements (
    id                  nvarchar(36) NOT NULL PRIMARY KEY,
    family_id           nvarchar(36) NOT NULL,
    member_id           nvarchar(36) NOT NULL,
    instrument_id       nvarchar(200) NOT NULL,
    score_hundredths    bigint NOT NULL,
    measured_on         nvarchar(10) NOT NULL,
    recorded_by_user_id nvarchar(200) NOT NULL,
    recorded_by_name    nvarchar(200) NOT NULL,
    recorded_by_role    nvarchar(200) NOT NULL,
    recorded_at         datetime2 NOT NULL
);
CREATE INDEX ix_outcome_measurements_family ON outcome_measurements (family_id, member_id, measured_on);

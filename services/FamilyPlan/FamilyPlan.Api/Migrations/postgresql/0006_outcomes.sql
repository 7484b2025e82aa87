-- Outcome measurements per member (issue 9): the instrument (data: Domain/Data/outcome-instruments.json),
-- the score in hundredths (exact in every dialect), the day measured and who recorded it.
CREATE TABLE outcome_measurements (
    id                  varchar(36) NOT NULL PRIMARY KEY,
    family_id           varchar(36) NOT NULL,
    member_id           varchar(36) NOT NULL,
    instrument_id       varchar(200) NOT NULL,
    score_hundredths    bigint NOT NULL,
    measured_on         varchar(10) NOT NULL,
    recorded_by_user_id varchar(200) NOT NULL,
    recorded_by_name    varchar(200) NOT NULL,
    recorded_by_role    varchar(200) NOT NULL,
    recorded_at         timestamptz NOT NULL
);
CREATE INDEX ix_outcome_measurements_family ON outcome_measurements (family_id, member_id, measured_on);

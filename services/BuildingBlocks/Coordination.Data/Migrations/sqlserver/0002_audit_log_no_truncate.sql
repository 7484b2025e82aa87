-- NEN 7513: TRUNCATE fires no trigger on SQL Server, but it refuses to truncate a table that a
-- foreign key references. This empty table holds such a key, so the audit log cannot be truncated.
CREATE TABLE audit_log_truncate_guard (
    audit_log_id nvarchar(36) NULL REFERENCES audit_log (id)
);

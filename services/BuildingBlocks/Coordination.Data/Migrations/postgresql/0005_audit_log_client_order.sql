-- NEN 7513: a client reads their own access log, newest first, a page at a time. The index holds
-- the page's whole order (client, time, id), so a page is one range of it and ties within a second
-- need no sort; it replaces the index of 0001, which is its prefix. Triggers and chain are untouched.
CREATE INDEX ix_audit_log_client_order ON audit_log (client_bsn, occurred_at, id);
DROP INDEX ix_audit_log_client;

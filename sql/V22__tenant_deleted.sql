-- A tenant is deleted by marking it, never by removing its row: its usage records, audit entries,
-- revoked keys, files, batches and tribunals keep naming it, and its name is never given to another
-- tenant (whose auditors would otherwise read the first one's history as their own).
alter table tenants add column deleted_at timestamptz;
alter table tenants add column deleted_by varchar(128);

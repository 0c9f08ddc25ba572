-- Files expire (OpenAI's expires_after, else the retention setting) and are swept from disk; a
-- batch's output_expires_after is kept for the files it makes at its end; a tenant may have a
-- storage quota over its files.
alter table files add column expires_at timestamptz;
create index files_expires_at on files (expires_at) where expires_at is not null;
create index files_tenant on files (tenant_id);
alter table batches add column output_expires_after_seconds bigint;
alter table tenants add column storage_quota_bytes bigint;

-- The Responses API's conversation state: a response kept for its tenant (store: true) with the
-- input items it answered, so that a later request continues from it (previous_response_id).
-- Kept responses expire like files and count against the tenant's storage quota.
create table stored_responses (
  id                    varchar(64) primary key,
  tenant_id             bigint references tenants (id),
  key_id                bigint not null,
  model                 varchar(128) not null,
  previous_response_id  varchar(64),
  created_at            timestamptz not null,
  expires_at            timestamptz,
  input_items           jsonb not null,
  response              jsonb not null,
  bytes                 bigint not null
);
create index stored_responses_tenant on stored_responses (tenant_id);
create index stored_responses_expires_at on stored_responses (expires_at)
  where expires_at is not null;

-- what a tenant stores, files and responses, for its quota
create view tenant_stored_bytes as
  select tenant_id, sum(bytes) as bytes from (
    select tenant_id, bytes from files
      where tenant_id is not null and (expires_at is null or expires_at > now())
    union all
    select tenant_id, bytes from stored_responses
      where tenant_id is not null and (expires_at is null or expires_at > now())
  ) stored group by tenant_id;

alter table usage_records drop constraint usage_records_kind_check;
alter table usage_records add constraint usage_records_kind_check
  check (kind in ('chat', 'completion', 'embedding', 'batch', 'tribunal', 'response'));

-- batches of Responses API lines
alter table batches drop constraint batches_endpoint_check;
alter table batches add constraint batches_endpoint_check
  check (endpoint in ('/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/responses',
    '/v1/tribunals'));

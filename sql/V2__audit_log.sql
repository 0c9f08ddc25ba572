-- The audit log: every admin action, who, when, and the object's state before and after.
-- Append-only: the trigger refuses updates and deletes, whoever asks.
create table audit_log (
  id           bigint generated always as identity primary key,
  occurred_at  timestamptz not null,
  actor        varchar(128) not null,
  action       varchar(64) not null,
  target_type  varchar(32) not null,
  target_id    varchar(256) not null,
  before_state jsonb,
  after_state  jsonb
);
create index audit_log_target on audit_log (target_type, target_id);
create index audit_log_time on audit_log (occurred_at);

create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only (% refused)', tg_op;
end $$;

create trigger audit_log_append_only
  before update or delete or truncate on audit_log
  for each statement execute function audit_log_is_append_only();

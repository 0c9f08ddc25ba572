-- The gateways of this installation (several may share the database behind a load balancer): each
-- beats every few seconds. Work a gateway runs in its own memory (tribunals, batch executions)
-- records its owner; another gateway takes it over (fails the tribunals, resumes the batches) only
-- once the owner's heartbeat is stale, never while it lives.
create table gateways (
  id            varchar(200) primary key,
  started_at    timestamptz not null,
  heartbeat_at  timestamptz not null
);
alter table tribunals add column owner varchar(200);
alter table batches add column owner varchar(200);

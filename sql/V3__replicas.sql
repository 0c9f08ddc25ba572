-- Replicas: one SLURM job running one model server. Rows stay after the job ends (history);
-- model_name is kept as text so a replica's history outlives its model.
create table replicas (
  id              uuid primary key,
  model_name      varchar(64) not null,
  state           varchar(16) not null
                    check (state in ('PENDING', 'STARTING', 'READY', 'DRAINING', 'STOPPED', 'FAILED')),
  scheduler       varchar(16) not null,
  job_id          varchar(64),
  endpoint        varchar(300),
  node            varchar(256),
  submitted_at    timestamptz not null,
  started_at      timestamptz,
  ready_at        timestamptz,
  draining_since  timestamptz,
  ended_at        timestamptz,
  walltime_end    timestamptz,
  probe_failures  integer not null default 0,
  successor_id    uuid,
  failure_reason  varchar(2000),
  version         integer not null default 0
);
create index replicas_live on replicas (model_name) where state in ('PENDING', 'STARTING', 'READY', 'DRAINING');
create index replicas_model_history on replicas (model_name, submitted_at desc);

-- Serving state of each model, written by the reconciler: what the admin sees as its status.
alter table models add column replicas_override integer check (replicas_override >= 0);
alter table models add column serving_status varchar(16) not null default 'idle';
alter table models add column serving_message varchar(2000);
alter table models add column desired_replicas integer not null default 0;

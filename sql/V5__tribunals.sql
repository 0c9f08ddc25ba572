-- Tribunals: one prompt answered by a panel of models, judged and refined in rounds. Every call
-- is a step, written as it happens: the transcript is the audit trail.
create table tribunals (
  id             varchar(40) primary key,
  status         varchar(16) not null
                   check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
  request        text not null,
  verdict_text   text,
  verdict_model  varchar(64),
  verdict_score  double precision,
  error          varchar(2000),
  rounds_run     integer not null default 0,
  created_at     timestamptz not null,
  started_at     timestamptz,
  ended_at       timestamptz
);
create index tribunals_newest on tribunals (created_at desc, id desc);

create table tribunal_steps (
  id                 bigserial primary key,
  tribunal_id        varchar(40) not null references tribunals (id) on delete cascade,
  round              integer not null,
  role               varchar(16) not null check (role in ('proposer', 'judge', 'aggregator')),
  model              varchar(64) not null,
  replica_id         uuid,
  prompt             text not null,
  output             text,
  scores             text,
  latency_ms         bigint,
  prompt_tokens      integer,
  completion_tokens  integer,
  error              varchar(2000),
  created_at         timestamptz not null
);
create index tribunal_steps_of on tribunal_steps (tribunal_id, id);

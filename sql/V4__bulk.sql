-- Bulk inference: OpenAI files and batches, and the chunks a batch runs as SLURM jobs.
-- File contents live on the cluster's shared directory (chunk jobs read and write there);
-- the rows keep what is known of them: size, checksum, where.
create table files (
  id          varchar(40) primary key,
  purpose     varchar(32) not null check (purpose in ('batch', 'batch_output')),
  filename    varchar(255) not null,
  bytes       bigint not null check (bytes >= 0),
  sha256      char(64) not null,
  path        varchar(1000) not null,
  created_at  timestamptz not null
);
create index files_newest on files (created_at desc, id desc);

create table batches (
  id                 varchar(40) primary key,
  endpoint           varchar(32) not null check (endpoint in ('/v1/chat/completions', '/v1/completions')),
  input_file_id      varchar(40) not null,
  completion_window  varchar(8) not null,
  metadata           text,
  status             varchar(16) not null check (status in ('validating', 'failed', 'in_progress',
                       'finalizing', 'completed', 'expired', 'cancelling', 'cancelled')),
  output_file_id     varchar(40),
  error_file_id      varchar(40),
  errors             text,
  total              integer not null default 0,
  completed          integer not null default 0,
  failed             integer not null default 0,
  execution_id       bigint,
  created_at         timestamptz not null,
  in_progress_at     timestamptz,
  finalizing_at      timestamptz,
  completed_at       timestamptz,
  failed_at          timestamptz,
  expires_at         timestamptz not null,
  expired_at         timestamptz,
  cancelling_at      timestamptz,
  cancelled_at       timestamptz
);
create index batches_newest on batches (created_at desc, id desc);
create index batches_unfinished on batches (status) where status in ('validating', 'in_progress', 'finalizing', 'cancelling');

-- One chunk of a batch: a run of consecutive valid lines for one model, run as one SLURM job.
create table batch_chunks (
  batch_id      varchar(40) not null references batches (id) on delete cascade,
  index         integer not null,
  model_name    varchar(64) not null,
  first_line    integer not null,
  last_line     integer not null,
  requests      integer not null,
  state         varchar(16) not null
                  check (state in ('PENDING', 'SUBMITTED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
  job_id        varchar(64),
  attempts      integer not null default 0,
  node          varchar(256),
  submitted_at  timestamptz,
  started_at    timestamptz,
  ended_at      timestamptz,
  completed     integer not null default 0,
  failed        integer not null default 0,
  message       varchar(2000),
  primary key (batch_id, index)
);

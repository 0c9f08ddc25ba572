-- This installation's name on the cluster: every job it submits is named after it
-- (slurmllm.<id>.replica.<replica id>, slurmllm.<id>.chunk.<batch>.<index>.<attempt>), so a sweep can
-- find, adopt or cancel the jobs that are its own and never touch those of another installation
-- sharing the cluster (a test server and a development server, say). Made once, never changed.
create table installation (
  id         varchar(16) primary key,
  created_at timestamptz not null default now()
);
insert into installation (id) values (substr(md5(random()::text || clock_timestamp()::text), 1, 10));

-- A model whose replicas cannot start answers its requests at once (503 with Retry-After) instead
-- of keeping them waiting for a replica that will not come: routing reads until when the model
-- backs off, and why, from its row. `refused` marks a replica whose job the cluster refused as asked (the
-- submission rejected, or a pending reason waiting cannot clear): the same job meets the same
-- answer, so one such failure is enough to back off.
alter table models add column serving_retry_at timestamptz;
alter table models add column serving_failure varchar(2000);
alter table replicas add column refused boolean not null default false;

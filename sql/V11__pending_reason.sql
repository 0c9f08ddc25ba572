-- Why SLURM keeps a replica's job queued (its pending reason: Resources, Priority, ...), shown with
-- the replica and in its model's status while the replica is PENDING.
alter table replicas add column pending_reason varchar(200);

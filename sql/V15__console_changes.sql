-- What the console's live stream (/api/events) watches: one row per model, live or recently ended
-- replica, unfinished or recently ended batch and tribunal, with the few fields a page shows. The
-- gateway reads it once a second while someone watches and sends each watcher the rows that
-- changed, so changes made by any gateway show. `tenant_id` says whose a batch or tribunal is;
-- `tenants` lists the tenants a model (and its replicas) is limited to, null for every tenant.
create view console_changes as
  select 'model' as kind, m.name as id, null::bigint as tenant_id,
         (select array_agg(mt.tenant order by mt.tenant) from model_tenants mt where mt.model_id = m.id) as tenants,
         jsonb_build_object('model', m.name, 'status', m.serving_status, 'message', m.serving_message,
                            'desiredReplicas', m.desired_replicas, 'version', m.version) as detail
    from models m
  union all
  select 'replica', r.id::text, null,
         (select array_agg(mt.tenant order by mt.tenant) from model_tenants mt join models m on m.id = mt.model_id
           where m.name = r.model_name),
         jsonb_build_object('model', r.model_name, 'state', r.state, 'jobId', r.job_id, 'node', r.node,
                            'pendingReason', r.pending_reason, 'failureReason', r.failure_reason)
    from replicas r
   where r.state in ('PENDING', 'STARTING', 'READY', 'DRAINING') or r.ended_at > now() - interval '2 minutes'
  union all
  select 'batch', b.id, b.tenant_id, null,
         jsonb_build_object('status', b.status, 'total', b.total, 'completed', b.completed, 'failed', b.failed)
    from batches b
   where b.status in ('validating', 'in_progress', 'finalizing', 'cancelling')
      or greatest(b.completed_at, b.failed_at, b.cancelled_at, b.expired_at) > now() - interval '2 minutes'
  union all
  select 'tribunal', t.id, t.tenant_id, null,
         jsonb_build_object('status', t.status, 'rounds', t.rounds_run,
                            'steps', (select count(*) from tribunal_steps s where s.tribunal_id = t.id))
    from tribunals t
   where t.status in ('queued', 'running') or t.ended_at > now() - interval '2 minutes';

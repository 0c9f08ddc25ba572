-- A key's requests in flight at once (split among the gateways alive, as its per-minute limits
-- are): one tenant's burst cannot take every replica slot and queue place. Null: no bound.
alter table api_keys add column max_concurrent_requests integer
  check (max_concurrent_requests is null or max_concurrent_requests > 0);

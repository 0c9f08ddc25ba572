-- How many nodes one replica spans: a model too large for one node runs each replica over several
-- (a Ray cluster for vLLM, shards for the worker's sim engine), its resources per node.
alter table models add column nodes integer not null default 1 check (nodes between 1 and 64);

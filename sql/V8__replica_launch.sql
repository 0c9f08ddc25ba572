-- What a replica was launched with (a fingerprint of the model's engine, weights, image, arguments,
-- context length and resources at submission): a replica whose model has changed since is
-- replaced, its successor started before it drains. Null for replicas from before: left as they are.
alter table replicas add column launch_fingerprint char(64);

-- The key each replica's server requires of its callers (the gateway sends it): made when the
-- replica is submitted, handed to the job in its environment. Older replicas have none and answer
-- anyone, as before.
alter table replicas add column secret varchar(64);

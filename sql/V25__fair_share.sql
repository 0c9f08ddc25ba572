-- A tenant's weight in a model's fair share at saturation: a tenant of weight 3 is served three
-- times the tokens of a tenant of weight 1 while both wait.
alter table tenants add column weight double precision not null default 1
  check (weight > 0 and weight <= 1000);

-- The highest service tier a key's requests may ask for (a higher one is served at this one, as
-- OpenAI does), and the tier of its requests that name none or "auto".
alter table api_keys add column max_service_tier text not null default 'default'
  check (max_service_tier in ('priority', 'default', 'flex'));
alter table api_keys add column default_service_tier text not null default 'default'
  check (default_service_tier in ('priority', 'default', 'flex'));

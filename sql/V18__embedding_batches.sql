-- Batches of embeddings.
alter table batches drop constraint batches_endpoint_check;
alter table batches add constraint batches_endpoint_check
  check (endpoint in ('/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/tribunals'));

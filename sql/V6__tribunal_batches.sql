-- Tribunals in bulk: a batch's endpoint may be /v1/tribunals (each line's body a tribunal request).
alter table batches drop constraint batches_endpoint_check;
alter table batches add constraint batches_endpoint_check
  check (endpoint in ('/v1/chat/completions', '/v1/completions', '/v1/tribunals'));

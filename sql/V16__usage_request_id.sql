-- The request's X-Request-Id (a batch line's custom_id), so a client's error leads to its record.
alter table usage_records add column request_id varchar(64);
create index usage_records_request_id on usage_records (request_id) where request_id is not null;

-- Each usage record carries the id the gateway gave it when the request ended: a write retried
-- after a commit whose outcome was unclear finds its row and counts nothing twice (nor charges the
-- key's tokens twice). Older rows have none.
alter table usage_records add column record_id uuid;
create unique index usage_records_record_id on usage_records (record_id);

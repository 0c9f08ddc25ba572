-- Who revoked a key: an admin (their key's name and prefix), or SLURMLLM_ADMIN_KEY when a new value
-- replaced a bootstrap key. A bootstrap key revoked that way comes back if the variable returns to
-- it; one an admin revoked does not.
alter table api_keys add column revoked_by varchar(128);

-- keys revoked before: who did it is in the audit log
update api_keys k set revoked_by = a.actor
  from audit_log a
  where k.revoked_at is not null and a.target_type = 'key' and a.target_id = k.id::text
    and a.action = 'key.revoke';

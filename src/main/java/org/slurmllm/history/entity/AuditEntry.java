package org.slurmllm.history.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One admin action: who did what to which object, with its state before and after (JSON). The table
 * is append-only: rows are inserted by {@code AuditLog} and a database trigger refuses any update
 * or delete, so not even a bug in this application can rewrite history.
 */
@Entity
@Table(name = "audit_log", schema = "app")
public class AuditEntry {

  @Id public Long id;

  @Column(name = "occurred_at")
  public Instant occurredAt;

  public String actor;

  public String action;

  @Column(name = "target_type")
  public String targetType;

  @Column(name = "target_id")
  public String targetId;

  @Column(name = "before_state")
  public String before;

  @Column(name = "after_state")
  public String after;

  @Column(name = "tenant_id")
  public Long tenantId;
}

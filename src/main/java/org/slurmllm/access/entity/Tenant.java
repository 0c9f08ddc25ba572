package org.slurmllm.access.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An organisation using the service: its keys, files, batches, tribunals and usage are its own, and
 * its content policy says what of its prompts and completions may be kept. A deleted tenant is
 * marked, not removed, and its name is never given to another.
 */
@Entity
@Table(name = "tenants", schema = "app")
public class Tenant {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false, unique = true, updatable = false)
  public String name;

  @Column(name = "content_policy", nullable = false)
  public String contentPolicy = ContentPolicy.NONE.value();

  /** Most bytes its files (uploads and batch outputs) may take together; null: no quota. */
  @Column(name = "storage_quota_bytes")
  public Long storageQuotaBytes;

  /** Its weight in a model's fair share while several tenants wait (1: an equal share). */
  @Column(nullable = false)
  public double weight = 1;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  /**
   * When it was deleted (null: it is not): the row stays, so what it used and did keeps its name.
   */
  @Column(name = "deleted_at")
  public Instant deletedAt;

  @Column(name = "deleted_by")
  public String deletedBy;
}

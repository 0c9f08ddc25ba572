package org.slurmllm.bulk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An uploaded or produced file: its bytes are on the shared directory, its facts here. */
@Entity
@Table(name = "files", schema = "app")
public class StoredFile {

  @Id public String id;

  /** The tenant of the key that made it; null for keys without a tenant. */
  @Column(name = "tenant_id", updatable = false)
  public Long tenantId;

  /** {@code batch} (uploaded input) or {@code batch_output} (a batch's output or errors). */
  @Column(nullable = false)
  public String purpose;

  @Column(nullable = false)
  public String filename;

  @Column(nullable = false)
  public long bytes;

  @Column(nullable = false)
  public String sha256;

  /** Absolute path on the shared directory. */
  @Column(nullable = false)
  public String path;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /**
   * When it is removed (OpenAI's {@code expires_after}, else the retention setting); null: kept
   * until deleted. An expired file is gone for its tenant at once, from disk at the next sweep.
   */
  @Column(name = "expires_at")
  public Instant expiresAt;

  /** Whether it has expired at {@code now}. */
  public boolean expired(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}

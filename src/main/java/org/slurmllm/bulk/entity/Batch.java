package org.slurmllm.bulk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One OpenAI batch: an input file answered by chunk jobs into an output and an error file. */
@Entity
@Table(name = "batches", schema = "app")
@NamedQuery(
    name = Batch.UNFINISHED,
    query =
        "select b from Batch b where b.status in (org.slurmllm.bulk.entity.BatchStatus.validating,"
            + " org.slurmllm.bulk.entity.BatchStatus.in_progress,"
            + " org.slurmllm.bulk.entity.BatchStatus.finalizing,"
            + " org.slurmllm.bulk.entity.BatchStatus.cancelling)")
public class Batch {

  public static final String UNFINISHED = "Batch.unfinished";

  @Id public String id;

  /** The tenant of the key that made it; null for keys without a tenant. */
  @Column(name = "tenant_id", updatable = false)
  public Long tenantId;

  /** The key that made it: the usage ledger charges its requests to this key. */
  @Column(name = "key_id", updatable = false)
  public Long keyId;

  /** The gateway running its Jakarta Batch execution; another resumes it once that one is gone. */
  public String owner;

  @Column(nullable = false)
  public String endpoint;

  @Column(name = "input_file_id", nullable = false)
  public String inputFileId;

  @Column(name = "completion_window", nullable = false)
  public String completionWindow;

  /**
   * OpenAI's {@code output_expires_after.seconds}: its output and error files expire this long
   * after they are made (null: the retention setting).
   */
  @Column(name = "output_expires_after_seconds")
  public Long outputExpiresAfterSeconds;

  /** The client's metadata, as the JSON object it sent (or null). */
  public String metadata;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public BatchStatus status;

  @Column(name = "output_file_id")
  public String outputFileId;

  @Column(name = "error_file_id")
  public String errorFileId;

  /** Why the whole batch failed: OpenAI's {@code errors.data}, as a JSON array (or null). */
  public String errors;

  public int total;
  public int completed;
  public int failed;

  /** The Jakarta Batch execution running it now. */
  @Column(name = "execution_id")
  public Long executionId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "in_progress_at")
  public Instant inProgressAt;

  @Column(name = "finalizing_at")
  public Instant finalizingAt;

  @Column(name = "completed_at")
  public Instant completedAt;

  @Column(name = "failed_at")
  public Instant failedAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;

  @Column(name = "expired_at")
  public Instant expiredAt;

  @Column(name = "cancelling_at")
  public Instant cancellingAt;

  @Column(name = "cancelled_at")
  public Instant cancelledAt;
}

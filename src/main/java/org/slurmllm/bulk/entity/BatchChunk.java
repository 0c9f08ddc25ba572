package org.slurmllm.bulk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * A run of consecutive valid lines of one batch for one model, answered by one SLURM job (again, if
 * the job fails). Its row is the audit trail: which job, where, when, how many attempts.
 */
@Entity
@Table(name = "batch_chunks", schema = "app")
@IdClass(BatchChunk.Key.class)
@NamedQuery(
    name = BatchChunk.OF_BATCH,
    query = "select c from BatchChunk c where c.batchId = :batch order by c.index")
public class BatchChunk {

  public static final String OF_BATCH = "BatchChunk.ofBatch";

  /** States of a chunk. */
  public enum State {
    PENDING,
    SUBMITTED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED
  }

  /** The composite key. */
  public static class Key implements Serializable {
    public String batchId;
    public int index;

    public Key() {}

    public Key(String batchId, int index) {
      this.batchId = batchId;
      this.index = index;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.batchId.equals(batchId) && k.index == index;
    }

    @Override
    public int hashCode() {
      return batchId.hashCode() * 31 + index;
    }
  }

  @Id
  @Column(name = "batch_id")
  public String batchId;

  @Id public int index;

  @Column(name = "model_name", nullable = false)
  public String modelName;

  /** First and last input line (1-based) the chunk covers; bad lines between them are not in it. */
  @Column(name = "first_line", nullable = false)
  public int firstLine;

  @Column(name = "last_line", nullable = false)
  public int lastLine;

  @Column(nullable = false)
  public int requests;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public State state;

  @Column(name = "job_id")
  public String jobId;

  public int attempts;
  public String node;

  @Column(name = "submitted_at")
  public Instant submittedAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "ended_at")
  public Instant endedAt;

  public int completed;
  public int failed;
  public String message;
}

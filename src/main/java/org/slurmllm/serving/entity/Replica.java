package org.slurmllm.serving.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * One SLURM job running one model server, from submission to its end. The row outlives the job: it
 * is the replica's history (where it ran, when, and why it ended).
 */
@Entity
@Table(name = "replicas", schema = "app")
@NamedQuery(
    name = Replica.LIVE,
    query =
        "select r from Replica r where r.state in (org.slurmllm.serving.entity.ReplicaState.PENDING,"
            + " org.slurmllm.serving.entity.ReplicaState.STARTING,"
            + " org.slurmllm.serving.entity.ReplicaState.READY,"
            + " org.slurmllm.serving.entity.ReplicaState.DRAINING) order by r.submittedAt")
@NamedQuery(
    name = Replica.OF_MODEL,
    query = "select r from Replica r where r.modelName = :model order by r.submittedAt desc")
public class Replica {

  public static final String LIVE = "Replica.live";
  public static final String OF_MODEL = "Replica.ofModel";

  @Id public UUID id;

  @Column(name = "model_name", nullable = false, updatable = false)
  public String modelName;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public ReplicaState state;

  /** Which scheduler ran it ({@code rest}, {@code cli}, {@code local}). */
  @Column(nullable = false, updatable = false)
  public String scheduler;

  @Column(name = "job_id")
  public String jobId;

  /** "host:port" of the model server, from the rendezvous file. */
  public String endpoint;

  public String node;

  @Column(name = "submitted_at", nullable = false, updatable = false)
  public Instant submittedAt;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "ready_at")
  public Instant readyAt;

  @Column(name = "draining_since")
  public Instant drainingSince;

  @Column(name = "ended_at")
  public Instant endedAt;

  /** When SLURM's time limit will end the job. */
  @Column(name = "walltime_end")
  public Instant walltimeEnd;

  @Column(name = "probe_failures", nullable = false)
  public int probeFailures;

  /** The replica started to take over before this one's walltime ends. */
  @Column(name = "successor_id")
  public UUID successorId;

  @Column(name = "failure_reason")
  public String failureReason;

  /**
   * Whether the cluster refused its job as asked (submission rejected, or a pending reason waiting
   * cannot clear): the same job would meet the same answer, so its model backs off at once.
   */
  @Column(name = "refused")
  public boolean refused;

  /**
   * The key its server requires of callers (made at submission, handed to the job in its
   * environment; the gateway sends it). Never shown by the API.
   */
  @Column(name = "secret", updatable = false)
  public String secret;

  /** Why SLURM keeps the job queued (its pending reason), while the replica is PENDING. */
  @Column(name = "pending_reason")
  public String pendingReason;

  /** What it was launched with (see JobScripts.launchFingerprint); null for older replicas. */
  @Column(name = "launch_fingerprint", updatable = false)
  public String launchFingerprint;

  @Version public int version;
}

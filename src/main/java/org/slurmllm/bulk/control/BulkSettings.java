package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.cluster.entity.JobRequest;

/** Files and batches settings (environment variables SLURMLLM_..., see the README). */
@ApplicationScoped
public class BulkSettings {

  @Inject SharedDirectory shared;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.max.lines", defaultValue = "50000")
  int maxLines;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.max.bytes", defaultValue = "209715200")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.max.line.bytes", defaultValue = "1048576")
  int maxLineBytes;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.chunk.size", defaultValue = "10000")
  int chunkSize;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.max.chunks", defaultValue = "100")
  int maxChunks;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.chunk.attempts", defaultValue = "3")
  int chunkAttempts;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.chunk.partition")
  Optional<String> chunkPartition;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.chunk.qos")
  Optional<String> chunkQos;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.chunk.nice", defaultValue = "100")
  int chunkNice;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.lines.to.replicas", defaultValue = "true")
  boolean linesToReplicas;

  /**
   * Whether a chunk whose model already serves sends its lines to the READY replicas at the flex
   * tier rather than starting a job that loads the model again.
   */
  public boolean linesToReplicas() {
    return linesToReplicas;
  }

  /**
   * Where a chunk job runs, unlike a replica's: a partition (e.g. a preemptible one) and a QOS when
   * set, else the model's own; and SLURM's {@code --nice}, so that chunk jobs wait behind replicas
   * for the same GPUs.
   */
  public JobRequest placeChunk(JobRequest job) {
    return job.placed(chunkPartition.orElse(null), chunkQos.orElse(null), chunkNice);
  }

  @Inject
  @ConfigProperty(name = "slurmllm.batch.parallel.chunks", defaultValue = "4")
  int parallelChunks;

  @Inject
  @ConfigProperty(name = "slurmllm.file.max.field.bytes", defaultValue = "256")
  int maxFieldBytes;

  @Inject
  @ConfigProperty(name = "slurmllm.file.max.parts", defaultValue = "16")
  int maxParts;

  @Inject
  @ConfigProperty(name = "slurmllm.file.retention.days", defaultValue = "30")
  int retentionDays;

  @Inject
  @ConfigProperty(name = "slurmllm.file.sweep.interval.seconds", defaultValue = "60")
  int sweepIntervalSeconds;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.threads", defaultValue = "40")
  int threads;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.max.in.progress.per.tenant", defaultValue = "2")
  int maxInProgressPerTenant;

  /** Uploaded and produced files. */
  public Path filesDir() {
    return shared.root().resolve("files");
  }

  /** A batch's working files: chunk inputs, outputs, line indexes. */
  public Path batchDir(String batchId) {
    return shared.root().resolve("batches").resolve(batchId);
  }

  public Path logDir() {
    return shared.root().resolve("logs");
  }

  /** Most lines an input file may have (OpenAI: 50,000). */
  public int maxLines() {
    return maxLines;
  }

  /** Longest input line: a longer one is an error line of its own. */
  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** Largest file accepted (OpenAI: 200 MB). */
  public long maxBytes() {
    return maxBytes;
  }

  /** Requests per chunk job. */
  public int chunkSize() {
    return chunkSize;
  }

  /**
   * Most chunks (SLURM jobs, each starting its model's server) one batch may make: a file over it
   * fails validation.
   */
  public int maxChunks() {
    return maxChunks;
  }

  /** Jobs a chunk gets before its unanswered requests count as failed. */
  public int chunkAttempts() {
    return chunkAttempts;
  }

  /**
   * Threads of the Jakarta Batch pool (wildfly-config/batch.cli reads the same variable): a batch
   * in progress holds one, and one per chunk it runs at once.
   */
  public int threads() {
    return threads;
  }

  /** Most batches one tenant may have in progress; its further ones wait, validating. */
  public int maxInProgressPerTenant() {
    return maxInProgressPerTenant;
  }

  /** Chunk jobs of one batch in the queue or running at once. */
  public int parallelChunks() {
    return parallelChunks;
  }

  /** Longest form field of an upload other than the file (a purpose is a word). */
  public int maxFieldBytes() {
    return maxFieldBytes;
  }

  /** Most parts an upload's form may have. */
  public int maxParts() {
    return maxParts;
  }

  /** How long a file is kept when its upload or batch did not say (0: forever). */
  public Optional<Duration> retention() {
    return retentionDays <= 0 ? Optional.empty() : Optional.of(Duration.ofDays(retentionDays));
  }

  /** How often the leader removes expired files. */
  public Duration sweepInterval() {
    return Duration.ofSeconds(Math.max(1, sweepIntervalSeconds));
  }
}

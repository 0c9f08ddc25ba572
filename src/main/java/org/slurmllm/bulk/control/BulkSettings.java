package org.slurmllm.bulk.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Files and batches settings (environment variables SLURMLLM_..., see the README). */
@ApplicationScoped
public class BulkSettings {

  @Inject
  @ConfigProperty(name = "slurmllm.shared.dir", defaultValue = "/tmp/slurm-llm")
  String sharedDir;

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
  @ConfigProperty(name = "slurmllm.batch.chunk.attempts", defaultValue = "3")
  int chunkAttempts;

  @Inject
  @ConfigProperty(name = "slurmllm.batch.parallel.chunks", defaultValue = "4")
  int parallelChunks;

  /** Uploaded and produced files. */
  public Path filesDir() {
    return Path.of(sharedDir, "files");
  }

  /** A batch's working files: chunk inputs, outputs, line indexes. */
  public Path batchDir(String batchId) {
    return Path.of(sharedDir, "batches", batchId);
  }

  public Path logDir() {
    return Path.of(sharedDir, "logs");
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

  /** Jobs a chunk gets before its unanswered requests count as failed. */
  public int chunkAttempts() {
    return chunkAttempts;
  }

  /** Chunk jobs of one batch in the queue or running at once. */
  public int parallelChunks() {
    return parallelChunks;
  }
}

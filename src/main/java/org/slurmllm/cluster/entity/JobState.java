package org.slurmllm.cluster.entity;

import java.util.Locale;

/** A scheduler job's state, the same for SLURM (REST or CLI) and the local launcher. */
public enum JobState {
  PENDING,
  RUNNING,
  /** Ending: SLURM is cleaning up after the job's processes. */
  COMPLETING,
  COMPLETED,
  FAILED,
  CANCELLED,
  TIMEOUT,
  NODE_FAIL,
  OUT_OF_MEMORY,
  PREEMPTED,
  /** The scheduler has no record of the job (e.g. purged from memory, no accounting). */
  UNKNOWN;

  public boolean isTerminal() {
    return switch (this) {
      case PENDING, RUNNING, COMPLETING -> false;
      default -> true;
    };
  }

  public boolean isActive() {
    return this == RUNNING || this == COMPLETING;
  }

  /** SLURM's state words ({@code RUNNING}, {@code CANCELLED by 0}, {@code OUT_OF_MEMORY}, ...). */
  public static JobState fromSlurm(String word) {
    if (word == null || word.isBlank()) {
      return UNKNOWN;
    }
    String w = word.trim().toUpperCase(Locale.ROOT);
    int space = w.indexOf(' ');
    if (space > 0) {
      w = w.substring(0, space);
    }
    return switch (w) {
      // suspended and stopped jobs keep their allocation but run nothing: not yet serving
      case "PENDING",
          "PD",
          "REQUEUED",
          "RQ",
          "REQUEUE_HOLD",
          "REQUEUE_FED",
          "RESIZING",
          "CONFIGURING",
          "CF",
          "SUSPENDED",
          "S",
          "STOPPED",
          "ST" ->
          PENDING;
      case "RUNNING", "R", "SIGNALING", "STAGE_OUT", "SO" -> RUNNING;
      case "COMPLETING", "CG" -> COMPLETING;
      case "COMPLETED", "CD" -> COMPLETED;
      case "FAILED", "F", "BOOT_FAIL", "BF", "DEADLINE", "DL", "SPECIAL_EXIT", "SE" -> FAILED;
      case "CANCELLED", "CA", "REVOKED", "RV" -> CANCELLED;
      case "TIMEOUT", "TO" -> TIMEOUT;
      case "NODE_FAIL", "NF" -> NODE_FAIL;
      case "OUT_OF_MEMORY", "OOM" -> OUT_OF_MEMORY;
      case "PREEMPTED", "PR" -> PREEMPTED;
      default -> UNKNOWN;
    };
  }
}

package org.slurmllm.routing.entity;

import java.util.UUID;

/**
 * A READY replica as routing sees it: where to send requests, how many it may take at once, its
 * SLURM job (named in error messages, so an admin can find the job's log), and the key its server
 * requires (sent with every request, never printed). A plain value: it knows nothing of how it was
 * discovered.
 */
public record Endpoint(
    UUID replicaId, String model, String address, int concurrencyLimit, String jobId, String key) {

  /** A replica whose server needs no key. */
  public Endpoint(
      UUID replicaId, String model, String address, int concurrencyLimit, String jobId) {
    this(replicaId, model, address, concurrencyLimit, jobId, null);
  }

  /** The Authorization header value for the replica, or null when its server needs none. */
  public String authorization() {
    return key == null ? null : "Bearer " + key;
  }

  /** "the model server of M (replica 5f29c1d0, job 57425002)", for messages a client reads. */
  public String describe() {
    return "the model server of "
        + model
        + " (replica "
        + replicaId.toString().substring(0, 8)
        + (jobId == null ? "" : ", job " + jobId)
        + ")";
  }

  @Override
  public String toString() {
    return "Endpoint[" + replicaId + " of " + model + " at " + address + ", job " + jobId + "]";
  }
}

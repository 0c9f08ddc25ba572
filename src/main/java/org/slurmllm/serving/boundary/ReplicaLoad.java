package org.slurmllm.serving.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.slurmllm.serving.control.LoadTracker;

/**
 * Where routing reports the requests it places, and reads what each replica has in flight: the
 * autoscaler and draining go by these counts. In memory, no database: called on the hot path.
 */
@ApplicationScoped
public class ReplicaLoad {

  private final LoadTracker load;

  /** For the container's client proxy only. */
  protected ReplicaLoad() {
    this(null);
  }

  @Inject
  public ReplicaLoad(LoadTracker load) {
    this.load = load;
  }

  /** A request for the model arrived (also before any replica exists: it asks for one). */
  public void arrived(String model) {
    load.arrived(model);
  }

  /** A request was placed on the replica. */
  public void started(String model, UUID replica) {
    load.started(model, replica);
  }

  /** A request placed on the replica ended, however it ended. */
  public void finished(String model, UUID replica) {
    load.finished(model, replica);
  }

  /** This gateway's requests on the replica now. */
  public int inFlight(UUID replica) {
    return load.inFlight(replica);
  }

  /** The replica's own count of requests running and waiting (every gateway's), just scraped. */
  public void reported(String model, UUID replica, int requests) {
    load.reported(model, replica, requests);
  }
}

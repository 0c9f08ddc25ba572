package org.slurmllm.testing;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** A model's replicas as the admin API shows them. */
public final class Replicas {

  private final Api api;
  private final String model;

  public Replicas(Api api, String model) {
    this.api = api;
    this.model = model;
  }

  public JsonObject list() {
    return api.get("/api/models/" + model + "/replicas").json();
  }

  public List<JsonObject> all() {
    return list().getJsonArray("data").stream().map(v -> v.asJsonObject()).toList();
  }

  public List<JsonObject> inState(String state) {
    return all().stream().filter(r -> r.getString("state").equals(state)).toList();
  }

  public List<JsonObject> awaitInState(String state, int count, Duration timeout) {
    return Eventually.await(
        count + " replica(s) " + state, timeout, () -> inState(state), l -> l.size() >= count);
  }

  public JsonObject await(String what, Duration timeout, Predicate<JsonObject> condition) {
    return Eventually.await(what, timeout, this::list, condition);
  }

  /** Deletes the model and waits until SLURM has none of its jobs left. */
  public void deleteAndAwaitJobsGone() {
    List<String> jobs =
        all().stream().filter(r -> r.containsKey("jobId")).map(r -> r.getString("jobId")).toList();
    api.delete("/api/models/" + model);
    for (String job : jobs) {
      Eventually.await(
          "job " + job + " gone",
          Duration.ofSeconds(60),
          () -> Slurm.squeueState(job),
          s -> s.isEmpty() || s.equals("COMPLETING"));
    }
  }
}

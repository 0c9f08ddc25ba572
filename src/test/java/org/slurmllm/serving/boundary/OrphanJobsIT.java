package org.slurmllm.serving.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.Slurm;
import org.slurmllm.testing.TestDatabase;

/**
 * Jobs the database does not point at: the leader's sweep (every 30 s) adopts a job named after a
 * replica that has no job id yet (submitted just before a crash), cancels a job of this
 * installation that no live replica owns, and leaves another installation's jobs alone.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class OrphanJobsIT {

  static final Duration SWEEP = Duration.ofSeconds(75);

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api api = Api.ofTestServer();

  static Connection db() throws Exception {
    return TestDatabase.connect();
  }

  static String installation() throws Exception {
    try (Connection db = db();
        var rows = db.createStatement().executeQuery("select id from app.installation")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** A job submitted by hand under the name given, sleeping: what a lost submission leaves. */
  static String sleeper(String name) {
    String id =
        Slurm.sbatch(
                "--parsable",
                "--job-name=" + name,
                "--output=/dev/null",
                "--cpus-per-task=1",
                "--mem=64M",
                "--time=10",
                "--wrap",
                "sleep 600")
            .strip();
    assertEquals(true, id.matches("\\d+(;.*)?"), "sbatch: " + id);
    return id.split(";")[0];
  }

  @Test
  void strayJobsAreAdoptedOrCancelledAndForeignOnesLeftAlone() throws Exception {
    String mine = "slurmllm." + installation() + ".";
    String stray = sleeper(mine + "replica." + UUID.randomUUID());
    String foreign = sleeper("slurmllm.someone-else.replica." + UUID.randomUUID());

    // a replica recorded, its job submitted, its id never written (the gateway died between)
    String model = Models.uniqueName("orphan");
    Reply created =
        api.post(
            "/api/models",
            """
            {"name":"%s","engine":"sim","resources":{"gpus":0,"cpus":1,"memoryGb":1},
             "scaling":{"minReplicas":0,"maxReplicas":1}}"""
                .formatted(model));
    assertEquals(201, created.status(), created::toString);
    UUID replica = UUID.randomUUID();
    String lost = sleeper(mine + "replica." + replica);
    try (Connection db = db()) {
      db.setAutoCommit(false);
      try (var insert =
              db.prepareStatement(
                  "insert into app.replicas (id, model_name, state, scheduler, submitted_at)"
                      + " values (?, ?, 'PENDING', 'cli', now())");
          var keep =
              db.prepareStatement("update app.models set replicas_override = 1 where name = ?")) {
        insert.setObject(1, replica);
        insert.setString(2, model);
        insert.executeUpdate();
        keep.setString(1, model);
        keep.executeUpdate();
      }
      db.commit();
    }
    try {
      Eventually.await(
          "the lost job adopted",
          SWEEP,
          () -> api.get("/api/models/" + model + "/replicas").body(),
          body -> body.contains("\"jobId\":\"" + lost + "\""));
      Eventually.await(
          "the stray cancelled", SWEEP, () -> Slurm.squeueState(stray), String::isEmpty);
      assertTrue(
          Set.of("PENDING", "RUNNING").contains(Slurm.squeueState(foreign)),
          "another installation's job is left alone");
      assertTrue(
          Set.of("PENDING", "RUNNING").contains(Slurm.squeueState(lost)),
          "the adopted job goes on");

      api.delete("/api/models/" + model);
      Eventually.await(
          "the adopted job cancelled with its model",
          SWEEP,
          () -> Slurm.squeueState(lost),
          String::isEmpty);
    } finally {
      Slurm.scancel(foreign);
      Slurm.scancel(stray);
      Slurm.scancel(lost);
    }
  }
}

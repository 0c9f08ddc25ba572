package org.slurmllm.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;
import org.slurmllm.cluster.entity.SubmitRejectedException;

/**
 * The contract against Slurm 24.11's slurmrestd, with the version it negotiates (v0.0.42), and the
 * traps of the new API versions on the real server.
 */
class SlurmRest24SchedulerIT extends SchedulerContract {

  final SlurmRestScheduler scheduler = Slurm24.rest(null);

  @Override
  Scheduler scheduler() {
    return scheduler;
  }

  @Test
  void theNewestVersionTheServerOffersIsSpokenAndShown() {
    assertEquals("v0.0.42", scheduler.describe().apiVersion());
    assertEquals("v0.0.42", scheduler.format().version());
  }

  @Test
  void aRefusedTokenIsSaidAsSuchThoughPingAcceptsAnyToken() throws Exception {
    Path wrongKey = Files.createDirectories(dir).resolve("wrong-jwt.key");
    Files.write(wrongKey, new byte[32]);
    SlurmRestScheduler refused =
        new SlurmRestScheduler(Slurm24.REST, wrongKey, "root", SchedulerProducer.jobEnvironment());
    // the version is found anyway: ping answers any token
    assertEquals("v0.0.42", refused.format().version());
    SchedulerUnavailableException e =
        assertThrows(SchedulerUnavailableException.class, refused::describe);
    assertTrue(e.getMessage().contains("slurmrestd refused the token (HTTP 511)"), e::getMessage);
  }

  @Test
  void aSubmitTheServerOnlyWarnsAboutIsRefusedAndLeavesNoJob() {
    // the old way to ask for a GPU: 24.11 takes the job with a warning and runs it without one
    RestFormat v42 = new SlurmRest40Format("v0.0.42");
    RestFormat oldGres =
        new RestFormat() {
          @Override
          public String version() {
            return v42.version();
          }

          @Override
          public JsonObject submitBody(JobRequest r, Map<String, String> env) {
            JsonObject body = v42.submitBody(r, env);
            return Json.createObjectBuilder(body)
                .add(
                    "job",
                    Json.createObjectBuilder(body.getJsonObject("job"))
                        .remove("tres_per_node")
                        .add("gres", "gpu:1"))
                .build();
          }

          @Override
          public JobStatus jobStatus(JsonObject job) {
            return v42.jobStatus(job);
          }

          @Override
          public ClusterState cluster(JsonObject n, JsonObject p) {
            return v42.cluster(n, p);
          }

          @Override
          public boolean deleteReportsEachJob() {
            return true;
          }
        };
    SlurmRestScheduler warned = Slurm24.rest(oldGres);
    String name = "slurmllm-contract-warned-" + System.nanoTime();
    SubmitRejectedException e =
        assertThrows(
            SubmitRejectedException.class,
            () -> warned.submit(job(name, "sleep 60", 1, partition())));
    assertTrue(e.getMessage().contains("gres"), e::getMessage);
    assertTrue(
        scheduler.activeJobsNamed(name).isEmpty(), "the job taken with a warning is cancelled");
  }

  @Test
  void exitCodesAndSignalsComeFromTheNewExitCodeObject() {
    String failed = scheduler.submit(job("exit 3", 0, partition()));
    JobStatus s = awaitState(failed, JobState::isTerminal);
    assertEquals(3, s.exitCode());
  }

  @Test
  void aSameNamedJobOfAnotherUserIsNeitherListedNorCancelled() throws Exception {
    ForeignJobs.areNotOurs(this, ForeignJobs.otherUser(Slurm24.REST, Slurm24.JWT_KEY, null));
  }
}

package org.slurmllm.serving.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.serving.control.JobScripts;

/**
 * Jobs that run a model's server for another feature (a batch chunk's {@code run-batch}): the same
 * environment and resources as the model's replicas, so a model that serves also runs its batches.
 */
@ApplicationScoped
public class ServerJobs {

  @Inject JobScripts scripts;

  /**
   * @param script the sbatch script, submitted as it is
   * @param extra what this job needs beyond the model (added to the model's environment)
   */
  public JobRequest job(
      Model model,
      String name,
      String script,
      String workingDirectory,
      String logFile,
      Map<String, String> extra) {
    Map<String, String> env = scripts.modelEnvironment(model);
    env.putAll(extra);
    return JobScripts.job(model, name, script, workingDirectory, logFile, env);
  }
}

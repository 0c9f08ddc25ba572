package org.slurmllm.serving.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.slurmllm.catalog.entity.Engine;
import org.slurmllm.catalog.entity.Model;
import org.slurmllm.cluster.boundary.JobNaming;
import org.slurmllm.cluster.boundary.JobTemplates;
import org.slurmllm.cluster.boundary.SharedDirectory;
import org.slurmllm.cluster.entity.JobRequest;

/**
 * Turns a catalog model into the job that runs one replica of it: the engine's sbatch template
 * (from {@code slurm/templates}, submitted as it is) plus the model's details as environment
 * variables and its resources as scheduler options. Nothing from the catalog is spliced into script
 * text, so no catalog entry can change what the script does.
 */
@ApplicationScoped
public class JobScripts {

  @Inject ServingSettings settings;
  @Inject JobTemplates templates;
  @Inject JobNaming naming;
  @Inject SharedDirectory shared;

  /**
   * @param secret the key the replica's server will require (in the job's environment, which only
   *     the job's user can read; never on a command line)
   */
  public JobRequest replicaJob(Model model, UUID replicaId, String secret) {
    Map<String, String> env = modelEnvironment(model);
    env.put("SLURMLLM_REPLICA_ID", replicaId.toString());
    if (secret != null) {
      env.put("SLURMLLM_REPLICA_KEY", secret);
    }
    env.put("SLURMLLM_RENDEZVOUS_DIR", settings.rendezvousDir().toString());
    return job(
        model,
        naming.names().replica(replicaId),
        templates.named(templateName(model.engine)),
        settings.sharedDir().toString(),
        settings.logDir().resolve(replicaId + ".log").toString(),
        env);
  }

  /** A job of the model's server with the model's resources (replicas and batch chunks alike). */
  public static JobRequest job(
      Model model,
      String name,
      String script,
      String workingDirectory,
      String logFile,
      Map<String, String> env) {
    return new JobRequest(
            name,
            script,
            workingDirectory,
            logFile,
            env,
            model.resources.partition,
            model.resources.account,
            model.resources.qos,
            model.resources.constraint,
            model.resources.gpus,
            model.resources.cpus,
            model.resources.memoryGb * 1024,
            model.resources.timeLimitMinutes)
        .spread(Math.max(1, model.resources.nodes), java.util.List.of());
  }

  /**
   * What a replica of the model is launched with, as a SHA-256 fingerprint: engine, weights,
   * container, arguments, context length, task and resources. Scaling, tenants and status are left
   * out: they change nothing in a running replica.
   */
  public static String launchFingerprint(Model m) {
    String launch =
        String.join(
            "\u0001",
            m.engine.wireName(),
            String.valueOf(m.weights),
            // the runtime only when it is not Apptainer, the one an image meant before there were
            // runtimes: those replicas keep their fingerprint and are not replaced by an upgrade
            "podman".equals(m.containerRuntime)
                ? m.image + "\u0004podman"
                : m.image == null || m.image.isBlank() ? "null" : m.image, // blank: none
            String.join("\u0002", m.engineArgs),
            // the task only when it is not the default: replicas launched before there were
            // tasks keep their fingerprint and are not replaced by an upgrade
            Model.GENERATE.equals(m.task)
                ? Integer.toString(m.contextLength)
                : m.contextLength + "\u0003" + m.task,
            String.valueOf(m.resources.gpus),
            String.valueOf(m.resources.cpus),
            String.valueOf(m.resources.memoryGb),
            String.valueOf(m.resources.partition),
            String.valueOf(m.resources.account),
            String.valueOf(m.resources.qos),
            String.valueOf(m.resources.constraint),
            // the nodes only when more than one: replicas from before keep their fingerprint
            m.resources.nodes > 1
                ? m.resources.timeLimitMinutes + "\u0005" + m.resources.nodes
                : String.valueOf(m.resources.timeLimitMinutes));
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(launch.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** What every job of the model's server needs to know of it (replicas and batch chunks). */
  public Map<String, String> modelEnvironment(Model model) {
    Map<String, String> env = new HashMap<>();
    env.put("SLURMLLM_MODEL", model.name);
    env.put("SLURMLLM_ENGINE", model.engine.wireName());
    env.put("SLURMLLM_WEIGHTS", model.weights == null ? "" : model.weights);
    env.put("SLURMLLM_IMAGE", model.image == null ? "" : model.image);
    env.put(
        "SLURMLLM_CONTAINER_RUNTIME", model.containerRuntime == null ? "" : model.containerRuntime);
    env.put("SLURMLLM_CONTAINERS_CONF", settings.containersConf());
    env.put("SLURMLLM_ENGINE_ARGS", String.join("\n", model.engineArgs));
    env.put("SLURMLLM_CONTEXT_LENGTH", Integer.toString(model.contextLength));
    env.put("SLURMLLM_TASK", model.task);
    env.put("SLURMLLM_WORKER_JAR", settings.workerJar().toString());
    env.put("SLURMLLM_UMASK", shared.jobUmask());
    return env;
  }

  String templateName(Engine engine) {
    return switch (engine) {
      case VLLM -> "vllm";
      case LLAMACPP -> settings.llamacppServer().equals("llama-server") ? "llama-server" : "worker";
      case SIM, ONNX -> "worker";
      case TRIBUNAL -> throw new IllegalStateException("a tribunal runs no job of its own");
    };
  }
}

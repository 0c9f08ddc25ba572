package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slurmllm.cluster.boundary.JobTemplates;

/**
 * The vLLM replica template keeps prompts out of the job's log: it passes --disable-log-requests to
 * the versions that log requests unless told not to (their help lists the option), and nothing to
 * later ones (which would refuse an option they no longer have). Run against a stand-in vllm.
 */
class VllmTemplateTest {

  static final String REPLICA = "5b0c7a52-8d7e-4f3e-9a51-0c3c2b6f1d2e";

  @TempDir Path dir;

  /** The rendezvous file the job published, as it was once vllm serve ran. */
  String announced;

  String announcedMode;

  String serveArguments(boolean helpListsTheOption) throws Exception {
    return serveArguments(
        helpListsTheOption
            ? "echo '  --disable-log-requests  Disable logging requests.'"
            : "echo '  --enable-log-requests  Enable logging requests.'",
        "generate");
  }

  /** The arguments vllm serve got, its help printing {@code helpLines} (shell commands). */
  String serveArguments(String helpLines, String task) throws Exception {
    return serveArguments(helpLines, task, java.util.Map.of());
  }

  String serveArguments(String helpLines, String task, java.util.Map<String, String> jobEnv)
      throws Exception {
    Path fake = dir.resolve("vllm");
    Files.writeString(
        fake,
        """
        #!/bin/bash
        if [ "$1 $2" = "serve --help" ]; then
          echo "  --max-model-len MAX_MODEL_LEN"
          %s
          exit 0
        fi
        echo "$@ key=${VLLM_API_KEY:-none} leaked=${SLURMLLM_REPLICA_KEY:-none}" >"$ARGS_FILE.tmp" && mv "$ARGS_FILE.tmp" "$ARGS_FILE"
        exec sleep 30
        """
            .formatted(helpLines));
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path args = dir.resolve("args");
    Files.deleteIfExists(args); // a call before this one left its own
    Files.createDirectories(dir.resolve("rendezvous"));
    Path script = dir.resolve("vllm.sbatch");
    Files.writeString(script, new JobTemplates().named("vllm")); // as submitted: includes in place
    ProcessBuilder job = new ProcessBuilder("bash", script.toString());
    job.environment().put("PATH", dir + ":" + System.getenv("PATH"));
    job.environment().put("ARGS_FILE", args.toString());
    job.environment().put("SLURMLLM_REPLICA_ID", REPLICA);
    job.environment().put("SLURMLLM_REPLICA_KEY", "k-123");
    job.environment().put("SLURMLLM_MODEL", "m");
    job.environment().put("SLURMLLM_WEIGHTS", "/models/m");
    job.environment().put("SLURMLLM_TASK", task);
    job.environment().put("SLURMLLM_RENDEZVOUS_DIR", dir.resolve("rendezvous").toString());
    job.environment().putAll(jobEnv);
    job.redirectErrorStream(true).redirectOutput(dir.resolve("job.log").toFile());
    Process p = job.start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
      Path endpoint = dir.resolve("rendezvous").resolve(REPLICA + ".endpoint");
      while (!Files.exists(args) || !Files.exists(endpoint)) {
        if (Instant.now().isAfter(deadline) || !p.isAlive()) {
          throw new AssertionError("vllm serve never started: " + log());
        }
        Thread.sleep(50);
      }
      announced = Files.readString(endpoint);
      announcedMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(endpoint));
      return Files.readString(args);
    } finally {
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("job.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void versionsThatLogPromptsAreToldNotTo() throws Exception {
    String args = serveArguments(true);
    assertTrue(args.contains("--disable-log-requests"), args);
    assertTrue(args.contains("--served-model-name m"), args);
  }

  @Test
  void laterVersionsGetNoOptionTheyWouldRefuse() throws Exception {
    String args = serveArguments(false);
    assertFalse(args.contains("log-requests"), args);
    assertTrue(args.startsWith("serve /models/m"), args);
  }

  @Test
  void theReplicasKeyReachesVllmInItsEnvironmentNotItsArguments() throws Exception {
    String args = serveArguments(false);
    assertTrue(args.contains("key=k-123"), "vLLM requires the key: " + args);
    assertFalse(args.contains("--api-key"), "never on the command line: " + args);
    assertTrue(args.contains("leaked=none"), "the project's variable is not passed on: " + args);
  }

  @Test
  void theRendezvousFileCarriesTheProofOnlyTheJobCanMake() throws Exception {
    serveArguments(false);
    Rendezvous.Announcement a =
        Rendezvous.parse(announced, java.util.UUID.fromString(REPLICA), "k-123").orElseThrow();
    assertTrue(a.proven(), "the gateway's check of the shell's HMAC: " + announced);
    assertFalse(
        Rendezvous.parse(announced, java.util.UUID.fromString(REPLICA), "k-124")
            .orElseThrow()
            .proven(),
        "another key proves nothing");
    assertFalse(announced.contains("k-123"), announced);
    assertTrue(announcedMode.equals("rw-------"), "the job's umask: " + announcedMode);
  }

  @Test
  void anEmbeddingModelRunsThePoolingRunnerOfItsVersion() throws Exception {
    String newer = serveArguments("echo '  --runner {auto,generate,pooling,draft}'", "embed");
    assertTrue(newer.contains("--runner pooling"), newer);
    assertFalse(newer.contains("--task"), newer);
    String older = serveArguments("echo '  --task {auto,generate,embed}'", "embed");
    assertTrue(older.contains("--task embed"), older);
    assertFalse(older.contains("--runner"), older);
    String generating = serveArguments("echo '  --runner {auto,generate,pooling}'", "generate");
    assertFalse(generating.contains("pooling") || generating.contains("--task"), generating);
  }

  /** A stand-in for a SLURM or Ray command: logs its arguments, then runs {@code body}. */
  void fake(String name, String body) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(
        f,
        "#!/bin/bash\necho \"" + name + " $*\" >>\"" + dir.resolve("calls") + "\"\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aReplicaOverTwoNodesRunsARayClusterAndPipelinesOverIt() throws Exception {
    // srun of the Ray head listens on the port it was given, as ray start --head would
    fake(
        "srun",
        """
        for a in "$@"; do case "$a" in --port=*) port=${a#--port=} ;; esac; done
        if [ -n "${port:-}" ]; then
          exec python3 -c "import socket,time
        s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(('0.0.0.0', $port)); s.listen(); time.sleep(60)"
        fi
        exec sleep 60""");
    fake("scontrol", "printf '%s\\n' \"$(hostname)\" gpu-node-2");
    fake("ray", "printf ' node_a\\n node_b\\n'");
    String args =
        serveArguments(
            "echo '  --max-num-seqs N'",
            "generate",
            java.util.Map.of(
                "SLURM_JOB_NUM_NODES", "2", "SLURM_JOB_NODELIST", "x", "SLURM_GPUS_ON_NODE", "4"));
    assertTrue(
        args.contains(
            "--tensor-parallel-size 4 --max-model-len 4096 --pipeline-parallel-size 2"
                + " --distributed-executor-backend ray"),
        args);
    String calls = Files.readString(dir.resolve("calls"));
    assertTrue(
        calls.matches(
            "(?s).*srun --nodes=1 --ntasks=1 -w \\S+ --overlap ray start --head"
                + " --node-ip-address=\\S+ --port=\\d+ --num-gpus=4 --block.*"),
        calls);
    assertTrue(
        calls.matches(
            "(?s).*srun --nodes=1 --ntasks=1 --ntasks-per-node=1 -w gpu-node-2 --overlap"
                + " ray start --address=\\S+:\\d+ --num-gpus=4 --block.*"),
        calls);
  }

  @Test
  void aReplicaOnOneNodeStartsNoRay() throws Exception {
    fake("srun", "exit 1");
    String args = serveArguments(false);
    assertFalse(args.contains("pipeline-parallel"), args);
    assertFalse(Files.exists(dir.resolve("calls")), "no srun, no ray");
  }
}

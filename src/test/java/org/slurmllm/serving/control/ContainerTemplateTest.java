package org.slurmllm.serving.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slurmllm.cluster.boundary.JobTemplates;

/**
 * What the worker's template asks podman for, against a stand-in podman that writes down its
 * arguments: the container runs the server under the watchdog, on the host's network, with the
 * job's directories at their own paths (jar and weights read-only), the job's memory and CPUs, its
 * GPUs by CDI renumbered from 0, its label, and the environment by name only (the replica's key
 * never on a command line). Real containers: ContainerIT.
 */
class ContainerTemplateTest {

  @TempDir Path dir;

  /**
   * Each podman call's arguments (shell-quoted), one per line, with the template run to its end.
   */
  List<String> podmanCalls(Map<String, String> jobEnvironment) throws Exception {
    Path fake = dir.resolve("bin/podman");
    Files.createDirectories(fake.getParent());
    Files.writeString(
        fake,
        """
        #!/bin/bash
        printf '%q ' "$@" >>"$CALLS" # one line a call: %q quotes the watchdog's line breaks
        echo >>"$CALLS"
        if [ "$1" = run ]; then cat >/dev/null & exit 0; fi
        """);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path script = dir.resolve("worker.sbatch");
    Files.writeString(script, new JobTemplates().named("worker"));
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Files.createDirectories(shared.resolve("replicas"));
    Path models = Files.createDirectories(dir.resolve("models"));
    Files.writeString(models.resolve("m.gguf"), "weights");
    ProcessBuilder job = new ProcessBuilder("bash", script.toString()).directory(shared.toFile());
    Map<String, String> env = job.environment();
    env.put("PATH", fake.getParent() + ":" + System.getenv("PATH"));
    env.put("CALLS", dir.resolve("calls").toString());
    env.put("SLURM_JOB_ID", "42");
    env.put("SLURM_CPUS_PER_TASK", "2");
    env.put("SLURM_MEM_PER_NODE", "3072");
    env.put("SLURMLLM_CONTAINER_RUNTIME", "podman");
    env.put("SLURMLLM_IMAGE", "localhost/runtime:1");
    env.put("SLURMLLM_REPLICA_ID", "r1");
    env.put("SLURMLLM_REPLICA_KEY", "k-secret-123");
    env.put("SLURMLLM_MODEL", "m");
    env.put("SLURMLLM_ENGINE", "llamacpp");
    env.put("SLURMLLM_WEIGHTS", models.resolve("m.gguf").toString());
    env.put("SLURMLLM_WORKER_JAR", dir.resolve("jar/worker.jar").toString());
    Files.createDirectories(dir.resolve("jar"));
    env.put("SLURMLLM_RENDEZVOUS_DIR", shared.resolve("replicas").toString());
    env.putAll(jobEnvironment);
    Process p = job.redirectErrorStream(true).start();
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the job ended with its server");
    return Files.readAllLines(dir.resolve("calls"));
  }

  String run(List<String> calls) {
    return calls.stream().filter(c -> c.startsWith("run ")).findFirst().orElseThrow();
  }

  @Test
  void theServerRunsInTheModelsContainerWithTheJobsShareOfTheNode() throws Exception {
    List<String> calls = podmanCalls(Map.of());
    String run = run(calls);
    Path shared = dir.resolve("shared");
    for (String expected :
        List.of(
            "--interactive --rm --name slurmllm-42-1",
            "--network host",
            "--memory 3072m",
            "--ulimit nofile=",
            "--cpus 2",
            "--label slurm_job=42",
            "--label slurmllm.model=m",
            "--volume " + shared + ":" + shared + " ",
            "--volume " + dir.resolve("jar") + ":" + dir.resolve("jar") + ":ro",
            "--volume " + dir.resolve("models") + ":" + dir.resolve("models") + ":ro",
            "--workdir " + shared,
            "--entrypoint /bin/sh localhost/runtime:1 -c",
            "slurmllm-watchdog java ",
            "serve --engine llamacpp")) {
      assertTrue(run.contains(expected), expected + " in: " + run);
    }
    assertTrue(run.contains("--env SLURMLLM_REPLICA_KEY "), "by name: " + run);
    assertFalse(calls.toString().contains("k-secret-123"), "the key on no command line: " + calls);
    assertFalse(run.contains("--device"), "no GPUs asked for, none passed: " + run);
    assertTrue(
        calls.stream().anyMatch(c -> c.startsWith("stop -t 3 --ignore slurmllm-42-1")),
        "the container is stopped when the job ends: " + calls);
  }

  @Test
  void theJobsGpusArePassedByCdiAndRenumbered() throws Exception {
    String run = run(podmanCalls(Map.of("SLURM_JOB_GPUS", "2,3", "CUDA_VISIBLE_DEVICES", "0,1")));
    assertTrue(run.contains("--device nvidia.com/gpu=2 --device nvidia.com/gpu=3"), run);
    assertTrue(run.contains("--env CUDA_VISIBLE_DEVICES=0\\,1"), "0,1 (as %q writes it): " + run);
  }

  @Test
  void withoutAContainerTheJobIsTheServer() throws Exception {
    Path calls = dir.resolve("calls");
    Files.writeString(calls, "");
    List<String> made =
        podmanCalls(Map.of("SLURMLLM_CONTAINER_RUNTIME", "", "PATH", fakeJavaPath()));
    assertEquals(List.of(), made, "podman never called");
    assertTrue(Files.readString(dir.resolve("java-args")).contains("serve --engine llamacpp"));
  }

  /** A PATH whose java writes its arguments down: the template without a container execs it. */
  String fakeJavaPath() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("javabin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java, "#!/bin/bash\nprintf '%s\\n' \"$*\" >" + dir.resolve("java-args") + "\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin + ":" + System.getenv("PATH");
  }
}

package org.slurmllm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * This machine's podman and process table, to see what a job left behind: containers by their job's
 * label, and any process (conmon, the watchdog, the server) whose command line names a container or
 * a replica.
 */
public final class Podman {

  /** The runtime image {@code bin/slurm-llm test} built (slurm/container/build-image). */
  public static String image() {
    String image = System.getProperty("it.container.image", "");
    if (image.isBlank()) {
      throw new AssertionError(
          "no container image: run the tests through bin/slurm-llm test, which builds it");
    }
    return image;
  }

  /** The containers.conf for this machine (bin/slurm-llm writes it), or "" for podman's own. */
  public static String conf() {
    return System.getProperty("it.containers.conf", "");
  }

  private Podman() {}

  /** The full ids of the containers (running or not) labelled with the job. */
  public static List<String> containersOfJob(String jobId) {
    return lines(
        run(
            "ps",
            "--all",
            "--no-trunc",
            "--filter",
            "label=slurm_job=" + jobId,
            "--format",
            "{{.ID}}"));
  }

  /** Names of the containers started since {@code since} whose label says they serve the model. */
  public static List<String> startedFor(String model, String since) {
    return lines(
        run(
            "events",
            "--stream=false",
            "--since",
            since,
            "--filter",
            "event=start",
            "--filter",
            "label=slurmllm.model=" + model,
            "--format",
            "{{.Name}}"));
  }

  /** Processes whose command line contains the text (a container id, a replica id). */
  public static List<String> processesMentioning(String text) {
    long self = ProcessHandle.current().pid();
    return ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
        .filter(line -> line.contains(text) && !line.contains("podman events"))
        .toList();
  }

  /** podman with this machine's configuration; what it printed (errors included). */
  public static String run(String... arguments) {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (!conf().isBlank()) {
      builder.environment().put("CONTAINERS_CONF", conf());
    }
    try {
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run podman", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A program of the project with this machine's podman configuration; its output. */
  public static String script(String path, String... arguments) {
    List<String> command = new ArrayList<>(List.of(path));
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Optional.of(conf())
        .filter(c -> !c.isBlank())
        .ifPresent(c -> builder.environment().put("SLURMLLM_CONTAINERS_CONF", c));
    try {
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new AssertionError(path + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> lines(String out) {
    return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}

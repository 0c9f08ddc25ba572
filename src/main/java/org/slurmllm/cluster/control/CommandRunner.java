package org.slurmllm.cluster.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/** Runs a command with a clean environment and a deadline, and hands back what it printed. */
final class CommandRunner {

  /** What a finished command printed and returned. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private final Duration timeout;

  CommandRunner(Duration timeout) {
    this.timeout = timeout;
  }

  Result run(List<String> command, Map<String, String> environment, String stdin) {
    ProcessBuilder builder = new ProcessBuilder(command);
    // Only what the caller passes: the gateway's own environment (database password, ...) must
    // never leak into a job, which inherits sbatch's environment.
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SchedulerUnavailableException(
          "cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> out = readAsync(process.getInputStream());
    CompletableFuture<String> err = readAsync(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // the command did not read its input; its exit code tells what happened
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new SchedulerUnavailableException(command.get(0) + " did not answer in " + timeout);
      }
      return new Result(process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SchedulerUnavailableException("interrupted while running " + command.get(0), e);
    }
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}

package org.slurmllm.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sbatch templates of {@code slurm/templates} (packaged on the class path), read once. They are
 * submitted as they are: everything specific to a job goes in environment variables.
 */
@ApplicationScoped
public class JobTemplates {

  private final Map<String, String> templates = new ConcurrentHashMap<>();

  /** The template {@code slurm/templates/<name>.sbatch}. */
  public String named(String name) {
    return templates.computeIfAbsent(
        name,
        n -> {
          String resource = "/slurm/templates/" + n + ".sbatch";
          try (InputStream in = JobTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
              throw new IllegalStateException("missing job template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}

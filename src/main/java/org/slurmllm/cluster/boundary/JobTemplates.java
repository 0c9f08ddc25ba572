package org.slurmllm.cluster.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sbatch templates of {@code slurm/templates} (packaged on the class path), read once. They are
 * submitted as they are: everything specific to a job goes in environment variables. A line {@code
 * # @include <file>} is replaced by that file of the same directory (parts several templates share,
 * such as running the server in a container), so what SLURM runs is one self-contained script.
 */
@ApplicationScoped
public class JobTemplates {

  private static final Pattern INCLUDE =
      Pattern.compile("^# @include ([A-Za-z0-9._-]+)$", Pattern.MULTILINE);

  private final Map<String, String> templates = new ConcurrentHashMap<>();

  /** The template {@code slurm/templates/<name>.sbatch}, its includes in place. */
  public String named(String name) {
    return templates.computeIfAbsent(name, n -> expand(read(n + ".sbatch"), 0));
  }

  static String expand(String text, int depth) {
    if (depth > 3) {
      throw new IllegalStateException("job templates include each other too deep");
    }
    Matcher m = INCLUDE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String included = expand(read(m.group(1)), depth + 1);
      m.appendReplacement(out, Matcher.quoteReplacement(included.stripTrailing()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String read(String file) {
    String resource = "/slurm/templates/" + file;
    try (InputStream in = JobTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing job template " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

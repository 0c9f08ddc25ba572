package org.slurmllm.cluster.control;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slurmllm.cluster.entity.SchedulerUnavailableException;

/**
 * The slurmrestd API versions the gateway speaks, newest first. Slurm 24.11 serves v0.0.40 to
 * v0.0.42, Slurm 22.05 to 23.02 serve v0.0.38 (23.11 removed it); no version is common to both.
 */
final class RestVersions {

  static final List<RestFormat> KNOWN =
      List.of(
          new SlurmRest40Format("v0.0.42"),
          new SlurmRest40Format("v0.0.41"),
          new SlurmRest40Format("v0.0.40"),
          new SlurmRest38Format());

  private RestVersions() {}

  /**
   * The newest known version whose ping path the server serves; {@code serves} asks the server.
   * None served is a scheduler that cannot be used (yet): the caller tries again later.
   */
  static RestFormat newestServed(Predicate<String> serves) {
    for (RestFormat f : KNOWN) {
      if (serves.test(f.path("/ping/"))) {
        return f;
      }
    }
    throw new SchedulerUnavailableException(
        "slurmrestd serves none of the API versions "
            + KNOWN.stream().map(RestFormat::version).collect(Collectors.joining(", ")));
  }
}

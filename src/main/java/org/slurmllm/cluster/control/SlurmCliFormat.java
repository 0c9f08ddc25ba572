package org.slurmllm.cluster.control;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slurmllm.cluster.entity.ClusterState;
import org.slurmllm.cluster.entity.ClusterState.Node;
import org.slurmllm.cluster.entity.ClusterState.Partition;
import org.slurmllm.cluster.entity.JobRequest;
import org.slurmllm.cluster.entity.JobState;
import org.slurmllm.cluster.entity.JobStatus;
import org.slurmllm.cluster.entity.NamedJob;

/**
 * The SLURM command-line tools' arguments and text, translated both ways. Pure functions: the
 * {@link SlurmCliScheduler} runs the commands, this class knows their formats.
 */
final class SlurmCliFormat {

  /** squeue's fields, '|'-separated: id, state, reason, nodes, start, end. */
  static final String SQUEUE_FORMAT = "%i|%T|%r|%N|%S|%e";

  /** sacct's fields: id, state, exit code, nodes, start, end. */
  static final String SACCT_FIELDS = "JobID,State,ExitCode,NodeList,Start,End";

  private static final Pattern GPU_COUNT = Pattern.compile("gpu(?::[^:,(]+)?:(\\d+)");
  private static final Pattern TIME_LIMIT = Pattern.compile("(?:(\\d+)-)?(\\d+(?::\\d+){0,2})");

  private SlurmCliFormat() {}

  /** sbatch's options for a request; the script itself goes to sbatch's standard input. */
  static List<String> sbatchArguments(JobRequest r) {
    List<String> args = new ArrayList<>();
    args.add("--parsable");
    args.add("--job-name=" + r.name());
    args.add("--chdir=" + r.workingDirectory());
    args.add("--output=" + r.outputFile());
    // the job gets exactly the environment sbatch is started with, which the caller controls
    args.add("--export=ALL");
    args.add("--nodes=" + r.nodes());
    args.add(r.nodes() == 1 ? "--ntasks=1" : "--ntasks-per-node=1");
    args.add("--cpus-per-task=" + r.cpus());
    args.add("--mem=" + r.memoryMb() + "M");
    args.add("--time=" + r.timeLimitMinutes());
    if (r.gpus() > 0) {
      args.add("--gres=gpu:" + r.gpus());
    }
    optional(args, "--partition=", r.partition());
    optional(args, "--account=", r.account());
    optional(args, "--qos=", r.qos());
    optional(args, "--constraint=", r.constraint());
    if (r.nice() != 0) {
      args.add("--nice=" + r.nice());
    }
    if (!r.excludeNodes().isEmpty()) {
      args.add("--exclude=" + String.join(",", r.excludeNodes()));
    }
    return args;
  }

  private static void optional(List<String> args, String option, String value) {
    if (value != null && !value.isBlank()) {
      args.add(option + value);
    }
  }

  /** {@code sbatch --parsable} prints "id" or "id;cluster". */
  static String parseSubmittedId(String stdout) {
    String line = stdout.strip();
    int semicolon = line.indexOf(';');
    String id = semicolon < 0 ? line : line.substring(0, semicolon);
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new IllegalArgumentException("sbatch printed no job id: " + stdout);
    }
    return id;
  }

  /** sbatch's complaint, without its "sbatch: error:" prefixes. */
  static String rejectionReason(String stderr) {
    String reason =
        Arrays.stream(stderr.split("\n"))
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .map(l -> l.replaceFirst("^sbatch: error: ", ""))
            .reduce((a, b) -> a + "; " + b)
            .orElse("sbatch failed without a message");
    return reason;
  }

  static Map<String, JobStatus> parseSqueue(String stdout) {
    Map<String, JobStatus> jobs = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length < 6 || f[0].isEmpty()) {
        continue;
      }
      JobState state = JobState.fromSlurm(f[1]);
      jobs.put(
          f[0], new JobStatus(f[0], state, reason(f[2]), node(f[3]), null, time(f[4]), time(f[5])));
    }
    return jobs;
  }

  /** squeue's fields for a listing by name: the status fields, then the name (it may hold '|'). */
  static final String SQUEUE_NAMED_FORMAT = SQUEUE_FORMAT + "|%j";

  static List<NamedJob> parseNamedSqueue(String stdout, String prefix) {
    List<NamedJob> jobs = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      String[] f = line.strip().split("\\|", 7);
      if (f.length < 7 || f[0].isEmpty() || !f[6].startsWith(prefix)) {
        continue;
      }
      JobState state = JobState.fromSlurm(f[1]);
      if (state.isTerminal()) {
        continue;
      }
      jobs.add(
          new NamedJob(
              f[6],
              new JobStatus(f[0], state, reason(f[2]), node(f[3]), null, time(f[4]), time(f[5]))));
    }
    return jobs;
  }

  static Map<String, JobStatus> parseSacct(String stdout) {
    Map<String, JobStatus> jobs = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length < 6 || f[0].isEmpty() || f[0].contains(".")) {
        continue; // job steps ("123.batch") repeat their job
      }
      JobState state = JobState.fromSlurm(f[1]);
      Integer exit = exitCode(f[2]);
      String reason = state == JobState.FAILED && exit != null ? "exit code " + exit : null;
      jobs.put(f[0], new JobStatus(f[0], state, reason, node(f[3]), exit, time(f[4]), time(f[5])));
    }
    return jobs;
  }

  /** {@code scontrol show node -d -o} and {@code scontrol show partition -o}, combined. */
  static ClusterState parseCluster(String nodesText, String partitionsText) {
    List<Node> nodes = new ArrayList<>();
    for (String line : nodesText.split("\n")) {
      Map<String, String> f = keyValues(line);
      if (!f.containsKey("NodeName")) {
        continue;
      }
      nodes.add(
          new Node(
              f.get("NodeName"),
              f.getOrDefault("State", "UNKNOWN").toLowerCase(),
              list(f.get("Partitions")),
              integer(f.get("CPUTot")),
              integer(f.get("CPUAlloc")),
              gpus(f.get("Gres")),
              gpus(f.get("GresUsed")),
              integer(f.get("RealMemory")),
              integer(f.get("AllocMem")),
              f.getOrDefault("NodeAddr", f.get("NodeName"))));
    }
    List<Partition> partitions = new ArrayList<>();
    for (String line : partitionsText.split("\n")) {
      Map<String, String> f = keyValues(line);
      if (f.containsKey("PartitionName")) {
        partitions.add(
            Partition.of(
                f.get("PartitionName"),
                "YES".equals(f.get("Default")),
                f.getOrDefault("State", "UNKNOWN").toLowerCase(),
                minutes(f.get("MaxTime")),
                nodes));
      }
    }
    return new ClusterState("slurm", null, partitions, nodes);
  }

  /**
   * A time limit as SLURM prints it ("UNLIMITED", "60", "1:00:00", "2-12:00:00") in minutes; null
   * for none (or for what is not a time).
   */
  static Integer minutes(String limit) {
    if (limit == null) {
      return null;
    }
    Matcher m = TIME_LIMIT.matcher(limit.strip());
    if (!m.matches()) {
      return null; // UNLIMITED, INFINITE, NONE
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    String[] parts = m.group(2).split(":");
    // "M", "M:S", "H:M:S" (with days: "D-H", "D-H:M", "D-H:M:S")
    long hours = 0;
    long mins;
    if (m.group(1) != null) {
      hours = Long.parseLong(parts[0]);
      mins = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
    } else if (parts.length == 3) {
      hours = Long.parseLong(parts[0]);
      mins = Long.parseLong(parts[1]);
    } else {
      mins = Long.parseLong(parts[0]);
    }
    return (int) Math.min(Integer.MAX_VALUE, days * 1440 + hours * 60 + mins);
  }

  /** "Key=Value Key2=Value2 ..." as printed by {@code scontrol -o}; values have no spaces. */
  static Map<String, String> keyValues(String line) {
    Map<String, String> map = new HashMap<>();
    for (String token : line.strip().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq > 0) {
        map.put(token.substring(0, eq), token.substring(eq + 1));
      }
    }
    return map;
  }

  /** GPUs in a GRES string such as "gpu:4", "gpu:a100:2(S:0)" or "gpu:1(IDX:0),mps:0". */
  static int gpus(String gres) {
    if (gres == null) {
      return 0;
    }
    int total = 0;
    Matcher m = GPU_COUNT.matcher(gres);
    while (m.find()) {
      total += Integer.parseInt(m.group(1));
    }
    return total;
  }

  private static List<String> list(String commaSeparated) {
    return commaSeparated == null || commaSeparated.isBlank()
        ? List.of()
        : List.of(commaSeparated.split(","));
  }

  private static int integer(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String reason(String value) {
    return value == null || value.isBlank() || value.equals("None") ? null : value;
  }

  private static String node(String value) {
    return value == null
            || value.isBlank()
            || value.equals("(null)")
            || value.equals("None assigned")
        ? null
        : value;
  }

  /** "3:0" is exit code 3, signal 0; a signal counts as 128 + signal, as shells do. */
  static Integer exitCode(String value) {
    if (value == null || !value.matches("\\d+:\\d+")) {
      return null;
    }
    String[] parts = value.split(":");
    int code = Integer.parseInt(parts[0]);
    int signal = Integer.parseInt(parts[1]);
    return signal != 0 ? 128 + signal : code;
  }

  /** SLURM prints times in the cluster's local time, without a zone. */
  static Instant time(String value) {
    if (value == null || value.isBlank() || !Character.isDigit(value.charAt(0))) {
      return null; // "Unknown", "N/A", "None"
    }
    try {
      return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

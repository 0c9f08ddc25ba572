package org.slurmllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Api.Reply;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Eventually;
import org.slurmllm.testing.RemoveNewModels;
import org.slurmllm.testing.TinyModel;

/**
 * The README's examples run as written: every {@code curl} example of its quick start, models,
 * tribunals, batches and access sections, in README order, through bash, against the test server
 * (its port for 8080, its admin key as {@code SLURMLLM_ADMIN_KEY}), from a folder that looks like
 * the project's root. Each curl must end well: HTTP 2xx and no error in the body. An example that
 * cannot run here is marked in the README by {@code <!-- example: skip, <why> -->} on the line
 * before it; such skips are counted and kept few. The models the examples make are removed after.
 *
 * <p>The examples assume a fresh {@code bin/slurm-llm up}: the demo model serving, and a database
 * where the access example's tenant name was never used ({@code bin/slurm-llm test} empties it).
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class ReadmeExamplesIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  /**
   * The sections whose examples run, in README order (the others need what a test server has not: a
   * podman image, a second gateway, ...).
   */
  static final List<String> SECTIONS =
      List.of(
          "Quick start",
          "Models",
          "Bulk inference (OpenAI Files and Batches)",
          "Access: tenants, keys, usage, audit",
          "Tribunals");

  /** Examples the README may mark as not runnable here; more means the README drifts again. */
  static final int MOST_SKIPPED = 1;

  static final String README_URL = "http://127.0.0.1:8080";
  static final Pattern SKIP = Pattern.compile("<!-- example: skip, (.+?) -->");

  /** One fenced shell block of the README that runs curl. */
  record Example(String section, int line, String code, String skipped) {}

  final Api admin = Api.ofTestServer();

  @Test
  void everyExampleRunsAsWritten() throws IOException, InterruptedException {
    List<Example> examples = examples(Files.readAllLines(Path.of("README.md")));
    List<String> sections = examples.stream().map(Example::section).distinct().toList();
    assertEquals(SECTIONS, sections, "every section has examples, in this order");
    List<Example> skipped = examples.stream().filter(e -> e.skipped() != null).toList();
    assertTrue(
        skipped.size() <= MOST_SKIPPED,
        "examples marked as not runnable here: " + skipped.stream().map(this::where).toList());
    for (Example e : examples) {
      assertWritten(e);
    }
    demoModelServing();

    Path dir = workingDirectory();
    Path log = Files.createDirectories(dir.resolve("curl"));
    ProcessBuilder run =
        new ProcessBuilder("bash", "-c", script(examples, log))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.txt").toFile());
    // as after `bin/slurm-llm up`: the quick start's first line makes AUTH of it
    run.environment().put("SLURMLLM_ADMIN_KEY", Api.adminKey());
    Process bash = run.start();
    boolean ended = bash.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      bash.descendants().forEach(ProcessHandle::destroyForcibly);
      bash.destroyForcibly().waitFor();
    }
    String output = Files.readString(dir.resolve("output.txt"));
    assertTrue(ended, () -> "the examples took more than 15 minutes:\n" + tail(output));
    assertEquals(0, bash.exitValue(), () -> "the examples stopped:\n" + tail(output));

    Map<Integer, List<String>> problems = new TreeMap<>();
    Map<Integer, Integer> calls = new TreeMap<>();
    for (Path status : files(log, ".status")) {
      String[] f = Files.readString(status).trim().split(" ");
      int block = Integer.parseInt(f[0]);
      String base = status.toString().substring(0, status.toString().length() - 7);
      calls.merge(block, 1, Integer::sum);
      String problem =
          problem(Integer.parseInt(f[1]), Path.of(base + ".head"), Path.of(base + ".body"));
      if (problem != null) {
        problems
            .computeIfAbsent(block, b -> new ArrayList<>())
            .add(Files.readString(Path.of(base + ".args")).strip() + "\n  -> " + problem);
      }
    }
    List<String> failed = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      if (e.skipped() == null && !calls.containsKey(i)) {
        failed.add(where(e) + ": no curl ran");
      }
      for (String p : problems.getOrDefault(i, List.of())) {
        failed.add(where(e) + ": " + p);
      }
    }
    assertTrue(failed.isEmpty(), String.join("\n", failed) + "\n" + tail(output));
  }

  /** The README's fenced shell blocks that run curl, in the sections above, in order. */
  static List<Example> examples(List<String> readme) {
    List<Example> examples = new ArrayList<>();
    String section = null;
    String skip = null;
    for (int i = 0; i < readme.size(); i++) {
      String line = readme.get(i);
      if (line.startsWith("## ")) {
        section = line.substring(3).strip();
      } else if (line.startsWith("```")) {
        int start = i;
        StringBuilder code = new StringBuilder();
        while (!readme.get(++i).startsWith("```")) {
          code.append(readme.get(i)).append('\n');
        }
        boolean shell = line.equals("```sh") || line.equals("```bash");
        if (shell && SECTIONS.contains(section) && code.toString().contains("curl ")) {
          examples.add(new Example(section, start + 1, code.toString(), skip));
        }
      }
      Matcher m = SKIP.matcher(line);
      if (m.find()) {
        skip = m.group(1);
      } else if (!line.isBlank()) {
        skip = null;
      }
    }
    return examples;
  }

  /** Every curl of an example calls the server by the README's URL, with a key. */
  void assertWritten(Example e) {
    String[] lines = e.code().split("\n");
    for (int i = 0; i < lines.length; i++) {
      int at = lines[i].indexOf("curl ");
      if (at < 0) {
        continue;
      }
      StringBuilder call = new StringBuilder(lines[i].substring(at));
      for (int j = i; lines[j].endsWith("\\") && j + 1 < lines.length; j++) {
        call.append('\n').append(lines[j + 1]);
      }
      assertTrue(
          call.toString().contains(README_URL),
          where(e) + ": a curl without " + README_URL + ": " + call);
      assertTrue(
          call.toString().contains("\"$AUTH\"")
              || call.toString().contains("Authorization: Bearer"),
          where(e) + ": a curl without a key: " + call);
    }
  }

  /**
   * The demo model, as {@code bin/slurm-llm up} leaves it: created here when the server has none.
   */
  void demoModelServing() {
    if (admin.get("/api/models/tiny-stories").status() == 404) {
      Reply r =
          admin.post(
              "/api/models",
              """
              {"name":"tiny-stories","engine":"llamacpp","weights":"%s","contextLength":512,
               "resources":{"gpus":0,"cpus":1,"memoryGb":1,"timeLimitMinutes":1440},
               "scaling":{"minReplicas":1,"maxReplicas":2,"targetConcurrency":4,"idleMinutes":60}}"""
                  .formatted(TinyModel.weights()));
      assertEquals(201, r.status(), r::toString);
    }
    Eventually.await(
        "tiny-stories serving",
        Duration.ofSeconds(180),
        () -> admin.get("/v1/models/tiny-stories").body(),
        b -> b.contains("\"status\":\"serving\""));
  }

  /**
   * A folder of its own under target/ that looks like the project's root to the examples: files
   * they write land there, and {@code $PWD/slurm/models} is the project's.
   */
  static Path workingDirectory() throws IOException {
    Path dir = Path.of("target", "readme-examples").toAbsolutePath();
    if (Files.exists(dir)) {
      try (Stream<Path> old = Files.walk(dir)) {
        for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("slurm"), Path.of("slurm").toAbsolutePath());
    return dir;
  }

  /**
   * The examples as one bash script, each after the one before (later ones use the variables of
   * earlier ones). curl is wrapped: each call's arguments, status, headers and body are kept, and
   * the body is still written to its output, as the example expects.
   */
  String script(List<Example> examples, Path log) {
    StringBuilder s = new StringBuilder();
    s.append("set -euo pipefail\n")
        .append("AUTH=\"Authorization: Bearer $SLURMLLM_ADMIN_KEY\"\n")
        .append("example=-1\n")
        .append(
            """
            curl() {
              local n rc=0
              n=%s/$(date +%%s%%N)-$BASHPID
              printf '%%s\\n' "$*" >"$n.args"
              command curl --max-time 300 -D "$n.head" -o "$n.body" "$@" || rc=$?
              echo "$example $rc" >"$n.status"
              cat "$n.body" 2>/dev/null || true
              return $rc
            }
            """
                .formatted(log));
    for (int i = 0; i < examples.size(); i++) {
      Example e = examples.get(i);
      if (e.skipped() != null) {
        continue;
      }
      s.append("\n# ").append(where(e)).append('\n');
      s.append("example=").append(i).append('\n');
      s.append("echo '>>> ").append(where(e)).append("'\n");
      s.append(e.code().replace(README_URL, "http://127.0.0.1:" + admin.port()));
    }
    return s.toString();
  }

  /** Why a call did not end well, or null: curl failed, a status not 2xx, an error in the body. */
  static String problem(int curlExit, Path head, Path body) throws IOException {
    if (curlExit != 0) {
      return "curl exited with " + curlExit;
    }
    String status =
        Files.readAllLines(head).stream()
            .filter(l -> l.startsWith("HTTP/"))
            .reduce((a, b) -> b)
            .orElse("");
    String text = Files.exists(body) ? Files.readString(body) : "";
    if (!status.matches("HTTP/\\S+ 2\\d\\d.*")) {
      return status.strip() + " " + text.strip();
    }
    List<String> documents = new ArrayList<>();
    if (text.startsWith("{")) {
      documents.add(text);
    }
    for (String line : text.split("\n")) {
      if (line.startsWith("data: {")) {
        documents.add(line.substring(6));
      }
    }
    for (String d : documents) {
      try {
        JsonValue error = Json.createReader(new StringReader(d)).readObject().get("error");
        if (error != null && error != JsonValue.NULL) {
          return "an error in the answer: " + d.strip();
        }
      } catch (JsonParsingException | ClassCastException e) {
        // JSONL (a batch's output) or text: nothing an error body looks like
      }
    }
    return null;
  }

  static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  String where(Example e) {
    return "README.md:" + e.line() + " (" + e.section() + ")";
  }

  static String tail(String output) {
    return output.length() < 4000 ? output : "..." + output.substring(output.length() - 4000);
  }
}

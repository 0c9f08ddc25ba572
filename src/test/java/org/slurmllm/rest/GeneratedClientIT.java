package org.slurmllm.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slurmllm.testing.Api;
import org.slurmllm.testing.Batches;
import org.slurmllm.testing.Deployments;
import org.slurmllm.testing.Models;
import org.slurmllm.testing.RemoveNewModels;

/**
 * The proof that /openapi is usable: openapi-generator (Java, the {@code native} library) makes a
 * client from the running server's document, the test compiles it with a scenario written against
 * its types ({@code generated-client/ClientScenario.java}), and the scenario lists models, makes a
 * key, reads usage and reads a batch. The generator runs in its own JVM from the jars the build
 * copied into {@code target/openapi-generator}, so none of it is on the tests' class path.
 */
@ExtendWith({ArquillianExtension.class, RemoveNewModels.class})
class GeneratedClientIT {

  @Deployment(testable = false)
  static WebArchive app() {
    return Deployments.application();
  }

  final Api admin = Api.ofTestServer();

  @Test
  void aClientGeneratedFromOpenApiReadsModelsKeysUsageAndBatches() throws Exception {
    Path tools = Path.of(System.getProperty("it.openapi.generator", "target/openapi-generator"));
    Path work = Files.createDirectories(tools.resolve("client"));
    Path spec = work.resolve("openapi.json");
    Files.writeString(spec, admin.get("/openapi?format=JSON").body());
    String model = Models.uniqueName("gen-client");
    assertEquals(201, admin.post("/api/models", Models.sim(model)).status(), "a model to list");
    // a line for a model that does not exist: it fails alone, and no SLURM job starts for it
    String batch = Batches.start(admin, Models.uniqueName("no-such-model"), 1, "gen", 4);

    Path sources = generate(tools, spec, work.resolve("generated"));
    Path classes = compile(tools, sources, work.resolve("classes"));
    Map<String, Object> seen = run(tools, classes, batch);

    assertTrue(((List<?>) seen.get("models")).contains(model), () -> "models: " + seen);
    assertNotNull(seen.get("keyId"), () -> "key: " + seen);
    assertEquals("auditor", seen.get("keyRole"));
    assertTrue(((String) seen.get("key")).startsWith("sk-"), () -> "the key, once: " + seen);
    assertEquals(
        200, admin.withKey((String) seen.get("key")).get("/api/me").status(), "the key works");
    assertTrue((Long) seen.get("usageRequests") >= (Integer) seen.get("usageRecords"));
    assertEquals(batch, seen.get("batchId"));
    assertEquals(1, seen.get("batchTotal"), () -> "batch: " + seen);
    assertNotNull(seen.get("batchStatus"));
  }

  /** Runs openapi-generator-cli on the document; the generated sources' root. */
  private static Path generate(Path tools, Path spec, Path out) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = out.resolveSibling("generator.log");
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-jar",
                jar(tools, "openapi-generator-cli").toString(),
                "generate",
                // SmallRye writes an empty externalDocs and a license without url or identifier,
                // which the generator's strict 3.1 check refuses; neither shapes the client
                "--skip-validate-spec",
                // the Java client's oneOf of arrays compiles only with the arrays as classes
                "--generate-alias-as-model",
                "-i",
                spec.toString(),
                "-g",
                "java",
                "--library",
                "native",
                "-o",
                out.toString(),
                "--invoker-package",
                "org.slurmllm.client",
                "--api-package",
                "org.slurmllm.client.api",
                "--model-package",
                "org.slurmllm.client.model",
                "--additional-properties=openApiNullable=false,hideGenerationTimestamp=true,"
                    + "useJakartaEe=true",
                "--global-property=apiTests=false,modelTests=false,apiDocs=false,modelDocs=false")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the generator ends within 5 minutes");
    assertEquals(0, p.exitValue(), () -> "the generator failed: " + tail(log));
    return out.resolve("src/main/java");
  }

  /** Compiles the generated client and the scenario against the generator's own libraries. */
  private static Path compile(Path tools, Path sources, Path classes) throws IOException {
    Path scenario = sources.resolve("org/slurmllm/client/ClientScenario.java");
    try (InputStream in =
        GeneratedClientIT.class.getResourceAsStream("/generated-client/ClientScenario.java")) {
      Files.write(scenario, in.readAllBytes());
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "-proc:none",
                "-nowarn",
                "-encoding",
                "UTF-8",
                "-d",
                Files.createDirectories(classes).toString(),
                "-cp",
                String.join(File.pathSeparator, jars(tools))));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    var errors = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, null, errors, args.toArray(String[]::new));
    assertEquals(0, rc, () -> "the generated client does not compile: " + errors);
    return classes;
  }

  /** Runs the scenario in a class loader of its own: the client, its libraries and the JDK. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> run(Path tools, Path classes, String batch) throws Exception {
    List<URL> urls = new ArrayList<>(List.of(classes.toUri().toURL()));
    for (String jar : jars(tools)) {
      urls.add(Path.of(jar).toUri().toURL());
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> scenario = loader.loadClass("org.slurmllm.client.ClientScenario");
      String base = "http://127.0.0.1:" + Api.ofTestServer().port();
      return (Map<String, Object>)
          scenario
              .getMethod("run", String.class, String.class, String.class)
              .invoke(null, base, Api.adminKey(), batch);
    }
  }

  private static List<String> jars(Path tools) throws IOException {
    try (Stream<Path> files = Files.list(tools)) {
      return files.filter(f -> f.toString().endsWith(".jar")).map(Path::toString).toList();
    }
  }

  private static Path jar(Path tools, String name) throws IOException {
    try (Stream<Path> files = Files.list(tools)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError(name + " is not in " + tools));
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.substring(Math.max(0, text.length() - 4000));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}

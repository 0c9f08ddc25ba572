package org.slurmllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fresh clone has nothing beside it: no file of the project may reach outside it for a model, a
 * design document or anything else, and the model it carries is the one its README describes.
 */
class StandsAloneTest {

  static final List<String> TREES =
      List.of("src", "slurm", "bin", "sql", "wildfly-config", ".ci", ".mvn");
  static final List<String> FILES =
      List.of("pom.xml", "gateway.pom.xml", "README.md", "BENCHMARKS.md", "mvnw");
  // spelt in pieces, so this file does not find itself
  static final String OUTSIDE = ".." + "/" + "shared";

  @Test
  void noFileOfTheProjectLooksBesideIt() throws IOException {
    List<Path> files;
    try (Stream<Path> trees =
        TREES.stream().map(Path::of).filter(Files::isDirectory).flatMap(StandsAloneTest::walk)) {
      files =
          Stream.concat(trees, FILES.stream().map(Path::of))
              .filter(Files::isRegularFile)
              // what builds and installs put there is not the project's (npm's packages among it)
              .filter(p -> !p.toString().contains("/target/") && !p.toString().endsWith(".gguf"))
              .filter(p -> !p.toString().contains("/node_modules/"))
              .toList();
    }
    assertTrue(files.size() > 100, "walked the project: " + files.size() + " files");
    List<Path> offenders = files.stream().filter(p -> read(p).contains(OUTSIDE)).toList();
    assertEquals(List.of(), offenders, "files that name " + OUTSIDE);
  }

  @Test
  void theCarriedModelIsTheOneItsReadmeDescribes() throws Exception {
    Path model = Path.of("slurm", "models", "stories260K.gguf");
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(model)));
    String readme = Files.readString(Path.of("slurm", "models", "README.md"));
    assertTrue(readme.contains(sha256), "README names the SHA-256 " + sha256);
    assertTrue(readme.contains("MIT"), "and the licence");
  }

  private static Stream<Path> walk(Path tree) {
    try {
      return Files.walk(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

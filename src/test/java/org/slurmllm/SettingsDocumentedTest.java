package org.slurmllm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every setting the code reads is in the README's settings table, and nothing else is. */
class SettingsDocumentedTest {

  static final Pattern CONFIG_PROPERTY =
      Pattern.compile("@ConfigProperty\\(name = \"(slurmllm\\.[a-z.]+)\"");
  static final Pattern CLI_ENV = Pattern.compile("\\$\\{env\\.(SLURMLLM_[A-Z_]+)");
  static final Pattern SCRIPT_SETTING = Pattern.compile("\\$\\{(SLURMLLM_[A-Z_]+):[-=]");
  static final Pattern TABLE_ROW =
      Pattern.compile("^\\| `(SLURMLLM_[A-Z_]+)` \\|", Pattern.MULTILINE);

  @Test
  void everySettingIsInTheReadmeTable() throws IOException {
    Set<String> used = new TreeSet<>();
    scan(Path.of("src/main/java"), CONFIG_PROPERTY, used, true);
    scan(Path.of("wildfly-config"), CLI_ENV, used, false);
    scan(Path.of("bin"), SCRIPT_SETTING, used, false);
    scan(Path.of("slurm/dev-cluster"), SCRIPT_SETTING, used, false);
    Set<String> documented = new TreeSet<>();
    Matcher rows = TABLE_ROW.matcher(Files.readString(Path.of("README.md")));
    while (rows.find()) {
      documented.add(rows.group(1));
    }
    assertEquals(used, documented);
  }

  static void scan(Path dir, Pattern pattern, Set<String> into, boolean configName)
      throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      // not the modules' build output (bin/bench/target): nobody reads settings there
      for (Path file :
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.toString().contains("/target/"))
              .toList()) {
        Matcher m = pattern.matcher(Files.readString(file));
        while (m.find()) {
          into.add(configName ? m.group(1).toUpperCase().replace('.', '_') : m.group(1));
        }
      }
    }
  }
}

package org.slurmllm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table belongs to one feature, and a feature's SQL touches only its own tables, or says in
 * its {@code package-info.java} which table of another it touches and why: {@link ArchitectureTest}
 * sees the imports between features but not their SQL. A table's owner is the feature whose
 * package-info names it under {@code <h2>Owns}; a foreign table a feature touches on purpose is
 * named under {@code <h2>Shares}, with the reason. A source "touches" a table when its SQL or JPQL
 * (in string literals) names the table or its entity, or when an {@code em} call names a foreign
 * entity's class or named query. The scan reads sources, as a reader would; it does not follow a
 * variable of an entity's type into {@code em.persist}.
 */
class TableOwnershipTest {

  static final Path SQL = Path.of("sql");
  static final Path SOURCES = Path.of("src/main/java/org/slurmllm");

  private static final Pattern CREATE =
      Pattern.compile(
          "(?i)\\bcreate\\s+(?:materialized\\s+)?(?:table|view)\\s+(?:if\\s+not\\s+exists\\s+)?"
              + "(?:app\\.)?(\\w+)");
  private static final Pattern CODE = Pattern.compile("\\{@code\\s+([a-z_]+)\\s*}");
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern QUALIFIED = Pattern.compile("\\bapp\\.(\\w+)");
  private static final Pattern SQL_NAME =
      Pattern.compile("(?i)\\b(?:from|join|into|update|table)\\s+(\\w+)");
  private static final Pattern MAPPING =
      Pattern.compile("@(Table|CollectionTable|JoinTable)\\(\\s*name\\s*=\\s*\"(\\w+)\"");
  private static final Pattern EM_CALL =
      Pattern.compile(
          "\\b(?:em|entityManager)\\s*\\.\\s*(?:find|getReference|createNamedQuery|createQuery"
              + "|createNativeQuery|persist|merge|remove|refresh|lock)\\s*\\(");

  /**
   * The features: the packages whose package-info says what they own (read here, not taken from
   * {@link ArchitectureTest}, whose class loading imports every class).
   */
  static final Set<String> FEATURES = features();

  @Test
  void everyTableHasOneOwner() throws IOException {
    Set<String> tables = tables();
    Map<String, Set<String>> owned = section("Owns", tables);
    Map<String, List<String>> owners = new TreeMap<>();
    tables.forEach(t -> owners.put(t, new ArrayList<>()));
    owned.forEach((feature, names) -> names.forEach(t -> owners.get(t).add(feature)));
    owners.values().removeIf(o -> o.size() == 1);
    assertEquals(Map.of(), owners, "tables with no owner or several (package-info, Owns)");
    assertTrue(tables.size() >= 14, "the migrations' tables were read: " + tables);
    assertTrue(FEATURES.size() >= 10, "the features were found: " + FEATURES);
  }

  @Test
  void anEntityLivesInTheFeatureThatOwnsItsTable() throws IOException {
    Map<String, String> owner = owners();
    List<String> misplaced = new ArrayList<>();
    for (String feature : FEATURES) {
      for (var e : entityTables(feature).entrySet()) {
        if (!feature.equals(owner.get(e.getValue()))) {
          misplaced.add(feature + "." + e.getKey() + " maps " + e.getValue());
        }
      }
    }
    assertEquals(List.of(), misplaced);
  }

  @Test
  void aFeatureTouchesOnlyItsOwnTablesAndThoseItDeclares() throws IOException {
    Set<String> tables = tables();
    Map<String, String> owner = owners();
    Map<String, Set<String>> shared = section("Shares", tables);
    Map<String, String> entities = new TreeMap<>();
    for (String feature : FEATURES) {
      entities.putAll(entityTables(feature));
    }
    List<String> problems = new ArrayList<>();
    for (String feature : FEATURES) {
      Map<String, Set<String>> touched = new TreeMap<>();
      try (Stream<Path> files = Files.walk(SOURCES.resolve(feature))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          for (String table : touched(Files.readString(file), tables, entities)) {
            touched.computeIfAbsent(table, t -> new TreeSet<>()).add(file.getFileName().toString());
          }
        }
      }
      problems.addAll(violations(feature, touched, owner, shared.getOrDefault(feature, Set.of())));
    }
    assertEquals(List.of(), problems, "declare a shared table under <h2>Shares, saying why");
  }

  /** The scan and the rule, each shown to catch what they forbid (as ArchitectureTest's rules). */
  @Test
  void theScanFindsATableHoweverItIsNamed() {
    Set<String> tables = Set.of("api_keys", "tenants", "models", "usage_records");
    Map<String, String> entities =
        Map.of("ApiKey", "api_keys", "Tenant", "tenants", "Model", "models");
    assertEquals(
        Set.of("api_keys"),
        touched("x(\"update app.api_keys set tokens_used = tokens_used + ?\");", tables, entities));
    assertEquals(
        Set.of("tenants", "usage_records"),
        touched(
            "q(\"select u.id from usage_records u\"\n + \" left join tenants t on t.id = u.tenant_id\");",
            tables,
            entities));
    assertEquals(
        Set.of("api_keys"),
        touched("em.createQuery(\"select k from ApiKey k\", Object.class);", tables, entities));
    assertEquals(
        Set.of("tenants"), touched("var t = em\n    .find(Tenant.class, id);", tables, entities));
    assertEquals(
        Set.of("models"),
        touched(
            "em.createNamedQuery(Model.SET_SERVING_STATUS).executeUpdate();", tables, entities));
    assertEquals(
        Set.of(),
        touched(
            "catalog.find(m).map(x -> Model.EMBED.equals(x.task)); log(\"a tenant named x\");",
            tables,
            entities),
        "a feature's entity used outside an em call, and words in a message, touch nothing");
  }

  @Test
  void theRuleRefusesAnUndeclaredTableAndAStaleDeclaration() {
    Map<String, String> owner = Map.of("api_keys", "access", "usage_records", "history");
    Map<String, Set<String>> touched =
        Map.of("api_keys", Set.of("UsageLedger.java"), "usage_records", Set.of("UsageQuery.java"));
    assertEquals(
        List.of("history: UsageLedger.java touch api_keys of access, not declared"),
        violations("history", touched, owner, Set.of()));
    assertEquals(List.of(), violations("history", touched, owner, Set.of("api_keys")));
    assertEquals(
        List.of("history: declares tenants, which it does not touch"),
        violations("history", touched, owner, Set.of("api_keys", "tenants")));
  }

  static List<String> violations(
      String feature,
      Map<String, Set<String>> touched,
      Map<String, String> owner,
      Set<String> declared) {
    List<String> problems = new ArrayList<>();
    for (var t : new TreeMap<>(touched).entrySet()) {
      String of = owner.get(t.getKey());
      if (!feature.equals(of) && !declared.contains(t.getKey())) {
        problems.add(
            feature
                + ": "
                + String.join(", ", t.getValue())
                + " touch "
                + t.getKey()
                + " of "
                + of
                + ", not declared");
      }
    }
    for (String d : new TreeSet<>(declared)) {
      if (!touched.containsKey(d)) {
        problems.add(feature + ": declares " + d + ", which it does not touch");
      }
    }
    return problems;
  }

  /** The tables a Java source touches, as the class comment says. */
  static Set<String> touched(String source, Set<String> tables, Map<String, String> entities) {
    Set<String> found = new TreeSet<>();
    for (String statement : source.split(";")) {
      StringBuilder text = new StringBuilder();
      Matcher literal = LITERAL.matcher(statement);
      while (literal.find()) {
        text.append(literal.group(1));
      }
      Matcher m = QUALIFIED.matcher(text);
      while (m.find()) {
        found.add(m.group(1));
      }
      m = SQL_NAME.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        if (tables.contains(name.toLowerCase())) {
          found.add(name.toLowerCase());
        } else if (entities.containsKey(name)) { // JPQL names the entity
          found.add(entities.get(name));
        }
      }
      if (EM_CALL.matcher(statement).find()) {
        for (var e : entities.entrySet()) {
          if (!e.getKey().contains("#")
              && Pattern.compile("\\b" + e.getKey() + "\\.(?:class|[A-Z][A-Z0-9_]*)\\b")
                  .matcher(statement)
                  .find()) {
            found.add(e.getValue());
          }
        }
      }
    }
    found.retainAll(tables);
    return found;
  }

  private static Set<String> features() {
    Set<String> features = new TreeSet<>();
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      for (Path dir : dirs.toList()) {
        Path info = dir.resolve("package-info.java");
        if (Files.exists(info) && Files.readString(info).contains("<h2>Owns")) {
          features.add(dir.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return features;
  }

  /** Every table and view the migrations create. */
  static Set<String> tables() throws IOException {
    Set<String> tables = new TreeSet<>();
    try (Stream<Path> files = Files.list(SQL)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        Matcher m = CREATE.matcher(Files.readString(file));
        while (m.find()) {
          tables.add(m.group(1).toLowerCase());
        }
      }
    }
    return tables;
  }

  /** Table to the feature whose package-info says it owns it. */
  static Map<String, String> owners() throws IOException {
    Map<String, String> owner = new TreeMap<>();
    section("Owns", tables()).forEach((f, names) -> names.forEach(t -> owner.put(t, f)));
    return owner;
  }

  /** Per feature, the tables its package-info names under that heading. */
  static Map<String, Set<String>> section(String heading, Set<String> tables) throws IOException {
    Map<String, Set<String>> named = new TreeMap<>();
    for (String feature : FEATURES) {
      Path info = SOURCES.resolve(feature).resolve("package-info.java");
      String text = Files.exists(info) ? Files.readString(info) : "";
      int start = text.indexOf("<h2>" + heading);
      if (start < 0) {
        continue;
      }
      int end = text.indexOf("<h2>", start + 4);
      String part = text.substring(start, end < 0 ? text.length() : end);
      Matcher m = CODE.matcher(part.replaceAll("\n\\s*\\*", " ")); // a name may wrap
      Set<String> names = new TreeSet<>();
      while (m.find()) {
        if (tables.contains(m.group(1))) {
          names.add(m.group(1));
        }
      }
      named.put(feature, names);
    }
    return named;
  }

  /**
   * A feature's entity classes and the tables they map: {@code Model -> models}, and an element
   * collection's table as {@code Model#model_tenants -> model_tenants}.
   */
  static Map<String, String> entityTables(String feature) throws IOException {
    Map<String, String> mapped = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve(feature))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String entity = file.getFileName().toString().replace(".java", "");
        Matcher m = MAPPING.matcher(Files.readString(file));
        while (m.find()) {
          mapped.put(m.group(1).equals("Table") ? entity : entity + "#" + m.group(2), m.group(2));
        }
      }
    }
    return mapped;
  }
}

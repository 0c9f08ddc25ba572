package org.slurmllm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slurmllm.access.boundary.Caller;
import org.slurmllm.access.control.KeyDirectory;
import org.slurmllm.bulk.control.ForbiddenReach;
import org.slurmllm.catalog.entity.ForbiddenUpward;
import org.slurmllm.fleet.boundary.Fleet;
import org.slurmllm.fleet.boundary.ForbiddenCircle;
import org.slurmllm.rest.ForbiddenFeature;
import org.slurmllm.routing.control.relay.Relay;
import org.slurmllm.routing.control.upstream.ForbiddenUpstreamUse;
import org.slurmllm.routing.control.upstream.UpstreamConnections;

/**
 * The layout the README describes, as rules a build enforces. The application is cut by feature;
 * each feature has a {@code boundary} (resources and the facades other features call), a {@code
 * control} (its workings, private to it) and an {@code entity} package (its stored objects, value
 * types and CDI events). A feature reaches another only through that one's boundary and entities,
 * never its control; inside a feature, boundary uses control uses entity, never back up; the
 * features depend on each other without a circle; {@code rest}, {@code database} and {@code
 * metrics} serve the features and know none of them.
 */
class ArchitectureTest {

  static final String ROOT = "org.slurmllm";

  /** The features, each {@code org.slurmllm.<name>} with its boundary, control and entity. */
  static final Set<String> FEATURES =
      Set.of(
          "access",
          "bulk",
          "catalog",
          "cluster",
          "console",
          "fleet",
          "health",
          "history",
          "routing",
          "serving",
          "responses",
          "tribunal");

  /** Packages every feature may use and that use no feature. */
  static final Set<String> INFRASTRUCTURE = Set.of("rest", "database", "metrics");

  /**
   * The model server that replicas run ({@code slurm/worker}): a program of its own, built by its
   * own module, so not among these classes; the application never uses it.
   */
  static final String WORKER = "worker";

  /**
   * Dependencies the rules allow all the same, each with its reason, as {@code "from -> to"} (class
   * names without {@code org.slurmllm.}). None today: add one only with a reason a reader accepts.
   */
  static final Map<String, String> EXCEPTIONS = Map.of();

  static final JavaClasses APPLICATION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages(ROOT);

  @Test
  void everyPackageIsAFeatureOrInfrastructure() {
    Set<String> unknown = new TreeSet<>();
    for (JavaClass c : APPLICATION) {
      String top = topPackage(c);
      if (top != null
          && !FEATURES.contains(top)
          && !INFRASTRUCTURE.contains(top)
          && !top.equals(WORKER)) {
        unknown.add(top);
      }
    }
    assertEquals(Set.of(), unknown, "packages the rules do not know: name them above");
    assertTrue(APPLICATION.size() > 200, "the application's classes were read");
  }

  @Test
  void aFeatureKeepsItsClassesInBoundaryControlAndEntity() {
    classes()
        .that()
        .resideInAnyPackage(packages(FEATURES, ".."))
        .and()
        .doNotHaveSimpleName("package-info")
        .should()
        .resideInAnyPackage(layers("boundary", "control", "entity"))
        .check(APPLICATION);
  }

  static final ArchRule THROUGH_BOUNDARY_AND_ENTITY =
      classes()
          .that()
          .resideInAnyPackage(packages(FEATURES, ".."))
          .should(useOtherFeaturesOnlyThroughBoundaryAndEntity());

  static final ArchRule ONLY_DOWNWARDS =
      classes()
          .that()
          .resideInAnyPackage(packages(FEATURES, ".."))
          .should(dependOnlyDownWithinTheirFeature());

  static final ArchRule NO_CIRCLES = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

  static final ArchRule INFRASTRUCTURE_BELOW =
      noClasses()
          .that()
          .resideInAnyPackage(packages(INFRASTRUCTURE, ".."))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packages(FEATURES, ".."));

  @Test
  void aFeatureUsesAnotherOnlyThroughItsBoundaryAndEntities() {
    THROUGH_BOUNDARY_AND_ENTITY.check(APPLICATION);
  }

  @Test
  void insideAFeatureBoundaryUsesControlUsesEntityNeverBackUp() {
    ONLY_DOWNWARDS.check(APPLICATION);
  }

  @Test
  void featuresDependOnEachOtherWithoutACircle() {
    NO_CIRCLES.check(APPLICATION);
  }

  /** Routing's workings, cut by concern: {@code routing.control.<name>}. */
  static final String ROUTING_CONTROL = ROOT + ".routing.control";

  /**
   * Which of routing's control packages each may use; the table has no circle, so neither do they.
   * {@code relay} forwards a request ({@code request}) to the replica {@code admission} chose, over
   * {@code upstream}'s connections; {@code admission} reads the replicas' reported load through
   * {@code upstream} and may read a request's size (fair queueing will); {@code request} and {@code
   * upstream} use none. The package itself ({@code routing.control}: settings, the gateway's
   * meters) is below them all and uses none.
   */
  static final Map<String, Set<String>> ROUTING_MAY_USE =
      Map.of(
          "relay", Set.of("admission", "request", "upstream"),
          "admission", Set.of("upstream", "request"),
          "request", Set.of(),
          "upstream", Set.of(),
          "", Set.of());

  static final ArchRule ROUTING_CONTROL_ONE_WAY =
      classes()
          .that()
          .resideInAnyPackage(ROUTING_CONTROL + "..")
          .should(useOnlyTheRoutingControlPackagesTheyMay());

  static final ArchRule ROUTING_CONTROL_NO_CIRCLES =
      slices().matching(ROUTING_CONTROL + ".(*)..").should().beFreeOfCycles();

  @Test
  void routingControlIsCutByConcern() {
    Set<String> known = new TreeSet<>();
    for (JavaClass c : APPLICATION) {
      if (c.getPackageName().startsWith(ROUTING_CONTROL)) {
        known.add(routingConcern(c));
      }
    }
    assertEquals(ROUTING_MAY_USE.keySet(), known, "routing.control's packages: name them above");
  }

  @Test
  void routingControlPackagesUseEachOtherOneWay() {
    ROUTING_CONTROL_ONE_WAY.check(APPLICATION);
    ROUTING_CONTROL_NO_CIRCLES.check(APPLICATION);
  }

  private static ArchCondition<JavaClass> useOnlyTheRoutingControlPackagesTheyMay() {
    return new ArchCondition<>("use only the routing control packages they may") {
      @Override
      public void check(JavaClass from, ConditionEvents events) {
        String own = routingConcern(from);
        for (Dependency d : from.getDirectDependenciesFromSelf()) {
          JavaClass to = d.getTargetClass().getBaseComponentType();
          String other = routingConcern(to);
          if (other != null
              && !other.equals(own)
              && !other.isEmpty() // the package itself serves them all
              && !ROUTING_MAY_USE.getOrDefault(own, Set.of()).contains(other)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  /**
   * {@code relay} for {@code routing.control.relay.Relay}, "" for the package itself, else null.
   */
  private static String routingConcern(JavaClass c) {
    String p = c.getPackageName();
    if (p.equals(ROUTING_CONTROL)) {
      return "";
    }
    if (!p.startsWith(ROUTING_CONTROL + ".")) {
      return null;
    }
    String rest = p.substring(ROUTING_CONTROL.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** Each rule fails on a class made to break it (test classes, never in the application). */
  @Test
  void theRulesCatchWhatTheyForbid() {
    assertBreaks(THROUGH_BOUNDARY_AND_ENTITY, ForbiddenReach.class);
    assertBreaks(ONLY_DOWNWARDS, ForbiddenUpward.class);
    assertBreaks(INFRASTRUCTURE_BELOW, ForbiddenFeature.class);
    // upstream is below the relay; an upstream class using the relay goes against the table
    assertBreaks(ROUTING_CONTROL_ONE_WAY, ForbiddenUpstreamUse.class);
    // ... and, since the relay uses upstream, closes a circle
    assertBreaks(
        ROUTING_CONTROL_NO_CIRCLES,
        ForbiddenUpstreamUse.class,
        Relay.class,
        UpstreamConnections.class);
    // access uses fleet (shares of limits); a fleet class using access closes a circle
    assertBreaks(NO_CIRCLES, ForbiddenCircle.class, Caller.class, KeyDirectory.class, Fleet.class);
  }

  private static void assertBreaks(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    AssertionError broken = assertThrows(AssertionError.class, () -> rule.check(imported));
    assertTrue(broken.getMessage().contains("was violated"), broken.getMessage());
  }

  @Test
  void theApplicationNeverUsesTheWorker() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + "." + WORKER + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT + "." + WORKER + "..")
        .check(APPLICATION);
  }

  @Test
  void infrastructureKnowsNoFeature() {
    INFRASTRUCTURE_BELOW.check(APPLICATION);
  }

  @Test
  void everyFeatureSaysWhatItOwnsPublishesAndUses() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String feature : FEATURES) {
      Path info = Path.of("src/main/java/org/slurmllm", feature, "package-info.java");
      String text = Files.exists(info) ? Files.readString(info) : "";
      for (String part : List.of("Owns", "Publishes", "Uses")) {
        if (!text.contains("<h2>" + part)) {
          missing.add(feature + ": " + part);
        }
      }
    }
    assertEquals(List.of(), missing, "package-info.java of each feature, with these headings");
  }

  /**
   * A class longer than this says why in its opening comment ("Longer than 300 lines because ...");
   * most are far shorter.
   */
  static final int LONG = 300;

  /** The sources of every module of the build: the gateway's, the worker's, the benchmarks'. */
  static final List<Path> SOURCES =
      List.of(
          Path.of("src/main/java"),
          Path.of("slurm/worker/src/main/java"),
          Path.of("bin/bench/src/main/java"));

  @Test
  void aLongClassSaysWhyItIsLong() throws IOException {
    List<String> unexplained = new ArrayList<>();
    for (Path sources : SOURCES) {
      assertTrue(Files.isDirectory(sources), sources + ": a module moved? name its sources here");
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(file);
          String head = String.join("\n", lines.subList(0, Math.min(lines.size(), 60)));
          if (lines.size() > LONG && !head.contains("Longer than " + LONG + " lines because")) {
            unexplained.add(file + " (" + lines.size() + " lines)");
          }
        }
      }
    }
    assertEquals(List.of(), unexplained, "long classes without a reason in their opening comment");
  }

  private static ArchCondition<JavaClass> useOtherFeaturesOnlyThroughBoundaryAndEntity() {
    return new ArchCondition<>("use other features only through their boundary and entity") {
      @Override
      public void check(JavaClass from, ConditionEvents events) {
        String own = feature(from);
        for (Dependency d : from.getDirectDependenciesFromSelf()) {
          JavaClass to = d.getTargetClass().getBaseComponentType();
          String other = feature(to);
          if (other != null && !other.equals(own) && !published(to) && !excepted(d)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  private static ArchCondition<JavaClass> dependOnlyDownWithinTheirFeature() {
    List<String> order = List.of("boundary", "control", "entity");
    return new ArchCondition<>("depend only downwards within their feature") {
      @Override
      public void check(JavaClass from, ConditionEvents events) {
        for (Dependency d : from.getDirectDependenciesFromSelf()) {
          JavaClass to = d.getTargetClass().getBaseComponentType();
          if (feature(to) != null
              && feature(to).equals(feature(from))
              && order.indexOf(layer(to)) < order.indexOf(layer(from))
              && !excepted(d)) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  private static boolean published(JavaClass c) {
    return "boundary".equals(layer(c)) || "entity".equals(layer(c));
  }

  private static boolean excepted(Dependency d) {
    String from = d.getOriginClass().getName().substring(ROOT.length() + 1);
    String to = d.getTargetClass().getName().substring(ROOT.length() + 1);
    return EXCEPTIONS.containsKey(from + " -> " + to);
  }

  /** {@code access} for {@code org.slurmllm.access.control.Keys}; null outside the features. */
  private static String feature(JavaClass c) {
    String top = topPackage(c);
    return top != null && FEATURES.contains(top) ? top : null;
  }

  private static String topPackage(JavaClass c) {
    String p = c.getPackageName();
    if (!p.startsWith(ROOT + ".")) {
      return null;
    }
    String rest = p.substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  /** {@code control} for {@code org.slurmllm.access.control.Keys}. */
  private static String layer(JavaClass c) {
    String[] parts = c.getPackageName().split("\\.");
    return parts.length > 3 ? parts[3] : "";
  }

  private static String[] packages(Set<String> names, String suffix) {
    return names.stream().map(n -> ROOT + "." + n + suffix).toArray(String[]::new);
  }

  private static String[] layers(String... layers) {
    return Stream.of(layers).map(l -> ROOT + ".*." + l + "..").toArray(String[]::new);
  }
}

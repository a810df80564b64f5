package dev.labyrinth.emulator.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of DESIGN.md section 2 and the banned APIs of section 3, checked on the
 * compiled production classes so they stay true as the code grows.
 */
class ArchitectureTest {

  private static final String ROOT = "dev.labyrinth.emulator";

  /** Packages whose code decides a run's trace: they must be deterministic. */
  private static final String[] MODEL = {
      ROOT + ".sim..", ROOT + ".mm..", ROOT + ".vm..", ROOT + ".machine..",
      ROOT + ".scenario..", ROOT + ".trace..", ROOT + ".run.."};

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.labyrinth");
  }

  /** Calls to methods of {@code owner} whose name matches {@code names} (a regex). */
  private static DescribedPredicate<JavaMethodCall> calls(String owner, String names) {
    return new DescribedPredicate<>(owner + "." + names) {
      @Override
      public boolean test(JavaMethodCall call) {
        return call.getTargetOwner().getFullName().equals(owner) && call.getName().matches(names);
      }
    };
  }

  private static void onlyDependsOn(String pkg, String... allowed) {
    String[] others = java.util.stream.Stream.of("sim", "mm", "vm", "machine", "scenario", "trace",
            "run", "regress", "junit", "cli")
        .filter(name -> !name.equals(pkg))
        .filter(name -> !java.util.Arrays.asList(allowed).contains(name))
        .map(name -> ROOT + "." + name + "..")
        .toArray(String[]::new);
    noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
        .should().dependOnClassesThat().resideInAnyPackage(others)
        .because(pkg + " may import only " + String.join(", ", allowed) + " (DESIGN.md section 2)")
        // A package that has no classes yet (vm, before the fork issue) has nothing to break.
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void simImportsNothingOfOurs() {
    onlyDependsOn("sim");
    noClasses().that().resideInAPackage(ROOT + ".sim..")
        .should().dependOnClassesThat().resideInAPackage("dev.labyrinth.reports..")
        .check(classes);
  }

  @Test
  void modelPackagesFollowTheLayering() {
    onlyDependsOn("mm", "sim");
    onlyDependsOn("vm", "sim", "mm");
    onlyDependsOn("machine", "sim", "mm", "vm");
    onlyDependsOn("trace", "sim");
    onlyDependsOn("scenario", "sim", "mm", "vm", "machine");
    onlyDependsOn("run", "sim", "mm", "vm", "machine", "scenario", "trace");
    onlyDependsOn("regress", "sim", "scenario", "run", "trace");
    onlyDependsOn("junit", "regress", "scenario", "run", "trace");
  }

  @Test
  void junitStaysInTheJunitPackage() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".junit..")
        .should().dependOnClassesThat().resideInAPackage("org.junit..")
        .because("JUnit is a provided dependency: the command-line jar must run without it")
        .check(classes);
  }

  @Test
  void jacksonStaysInsideScenarioAndOutOfTheModel() {
    noClasses().that().resideInAnyPackage(ROOT + ".sim..", ROOT + ".mm..", ROOT + ".vm..",
            ROOT + ".machine..", ROOT + ".run..", ROOT + ".trace..")
        .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
        .check(classes);
  }

  @Test
  void modelCodeReadsNoWallClock() {
    ArchRule rule = noClasses().that().resideInAnyPackage(MODEL)
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().dependOnClassesThat().resideInAPackage("java.time..")
        .because("emulated time is a long of nanoseconds; the host clock must never leak in");
    rule.check(classes);
  }

  @Test
  void modelCodeUsesNoJdkRandomness() {
    noClasses().that().resideInAnyPackage(MODEL)
        .should().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.SplittableRandom")
        .orShould().dependOnClassesThat()
        .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
        .orShould().callMethod(Math.class, "random")
        .orShould().callMethod(java.util.UUID.class, "randomUUID")
        .because("every random choice comes from a named stream of sim.RandomStreams")
        .check(classes);
  }

  @Test
  void modelCodeIteratesNoHashOrder() {
    noClasses().that().resideInAnyPackage(MODEL)
        .should().dependOnClassesThat().haveFullyQualifiedName("java.util.HashMap")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.HashSet")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.IdentityHashMap")
        .orShould().callMethodWhere(calls("java.util.Set", "of|copyOf"))
        .orShould().callMethodWhere(calls("java.util.Map", "of|copyOf|ofEntries"))
        .because("iteration order must never come from hashing (DESIGN.md section 3)")
        .check(classes);
  }

  /**
   * Identity hash codes differ between JVM runs, so model code does not use them, with one
   * reviewed exception: sim.ActionTable finds an action's index by identity hash. It hands
   * indices out in first-seen order and only ever iterates by index, so the hash decides where
   * an index is stored, never an order (EventQueueActionTableTest and every golden trace check
   * the outcome). Any other caller fails here.
   */
  @Test
  void modelCodeUsesNoIdentityHashCodes() {
    noClasses().that().resideInAnyPackage(MODEL)
        .and().doNotHaveFullyQualifiedName("dev.labyrinth.emulator.sim.ActionTable")
        .should().callMethod(System.class, "identityHashCode", Object.class)
        .because("iteration order must never come from hashing (DESIGN.md section 3)")
        .check(classes);
  }

  @Test
  void modelCodeUsesStrictMath() {
    noClasses().that().resideInAnyPackage(MODEL)
        .should().callMethodWhere(calls("java.lang.Math",
            "log|log10|log1p|exp|expm1|pow|sqrt|cbrt|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh"
                + "|tanh|hypot"))
        .because("Math's transcendental functions may differ by an ulp between JVMs; "
            + "StrictMath does not")
        .check(classes);
  }

  @Test
  void onlyTheCommandLineTouchesTheEnvironment() {
    noClasses().that().resideOutsideOfPackage(ROOT + ".cli..")
        .should().callMethod(System.class, "getenv", String.class)
        .orShould().callMethod(System.class, "getenv")
        .orShould().callMethod(System.class, "exit", int.class)
        .because("cli is the only place that touches files, clock and environment")
        .check(classes);
  }
}

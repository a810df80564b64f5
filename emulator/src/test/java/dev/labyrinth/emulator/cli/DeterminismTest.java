package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The determinism contract (DESIGN.md section 3): the same scenario and seed give the same trace
 * bytes in the same JVM, in a freshly started JVM with a hostile locale, time zone and default
 * charset, and under another JDK (Temurin 25 where installed).
 */
class DeterminismTest {

  private static final Path SCENARIO = CliHarness.scenario("imu-telemetry.yaml");

  @TempDir
  Path dir;

  private byte[] runInProcess(String name) throws IOException {
    Path out = dir.resolve(name);
    CliHarness.Result result = CliHarness.run("run", SCENARIO.toString(), "--out", out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    return Files.readAllBytes(out.resolve("trace.jsonl"));
  }

  private byte[] runInFreshJvm(Path javaExecutable, String name) throws Exception {
    Path out = dir.resolve(name);
    List<String> command = new ArrayList<>(List.of(javaExecutable.toString(),
        "-Duser.language=tr", "-Duser.country=TR", "-Duser.timezone=Pacific/Chatham",
        "-Dfile.encoding=ISO-8859-1", "-XX:ActiveProcessorCount=1",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", SCENARIO.toString(), "--out", out.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("fresh JVM finished").isTrue();
    String log = Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(log).isZero();
    return Files.readAllBytes(out.resolve("trace.jsonl"));
  }

  @Test
  void twoRunsInOneJvmGiveIdenticalBytes() throws IOException {
    byte[] first = runInProcess("first");
    byte[] second = runInProcess("second");
    assertThat(first.length).isGreaterThan(1000);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aFreshJvmWithAnotherLocaleAndTimeZoneGivesIdenticalBytes() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    assertThat(runInFreshJvm(java, "fresh")).isEqualTo(runInProcess("here"));
  }

  @Test
  void anotherJdkGivesIdenticalBytes() throws Exception {
    Optional<Path> jdk25 = findJdk25();
    assumeTrue(jdk25.isPresent(), "no JDK 25 under /usr/lib/jvm; cross-JDK check skipped");
    assertThat(runInFreshJvm(jdk25.get(), "jdk25")).isEqualTo(runInProcess("jdk17"));
  }

  /**
   * The whole scenario library, recorded under this JDK, verifies byte for byte under JDK 25:
   * every golden's fingerprint is reproduced by the other JDK.
   */
  @Test
  void theWholeLibraryVerifiesUnderJdk25() throws Exception {
    Optional<Path> jdk25 = findJdk25();
    assumeTrue(jdk25.isPresent(), "no JDK 25 under /usr/lib/jvm; cross-JDK check skipped");
    Path log = dir.resolve("library-jdk25.log");
    Process process = new ProcessBuilder(jdk25.get().toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "verify", CliHarness.ROOT.resolve("scenarios").toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor(600, TimeUnit.SECONDS)).as("JDK 25 verify finished").isTrue();
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("(?m)^\\d+ passed, 0 failed$");
  }

  /** A JDK 25 beside the default one, as on this project's machines. */
  static Optional<Path> findJdk25() throws IOException {
    Path jvms = Path.of(File.separator, "usr", "lib", "jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(jvms)) {
      return entries.filter(p -> p.getFileName().toString().matches(".*-25([.-].*)?"))
          .map(p -> p.resolve("bin").resolve("java"))
          .filter(Files::isExecutable)
          .sorted()
          .findFirst();
    }
  }
}

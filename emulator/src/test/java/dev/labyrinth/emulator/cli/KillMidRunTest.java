package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code labyrinth run} (a fresh JVM, SIGKILL) while it writes, at several moments, and
 * checks that no half-written trace or report ever appears under its final name: each is either
 * absent, the previous complete file, or a complete new one ending with {@code run_end}.
 */
class KillMidRunTest {

  @TempDir Path dir;

  private static final String SCENARIO = CliHarness.scenario("imu-telemetry.yaml").toString();

  @Test
  void killingARunLeavesNoTornOutputAndKeepsThePreviousFiles() throws Exception {
    Path out = dir.resolve("out");
    CliHarness.Result first = CliHarness.run("run", SCENARIO, "--set", "duration=5ms",
        "--out", out.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    byte[] oldTrace = Files.readAllBytes(out.resolve("trace.jsonl"));
    byte[] oldReport = Files.readAllBytes(out.resolve("report.html"));
    assertComplete(oldTrace);

    for (long delayMs : new long[] {0, 300, 1500}) {
      Process run = startLongRun(out);
      try {
        waitForTemporaryTrace(out, run);
        Thread.sleep(delayMs);
        assertThat(run.isAlive()).as("still running when killed").isTrue();
      } finally {
        run.destroyForcibly();
        run.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(Files.readAllBytes(out.resolve("trace.jsonl")))
          .as("trace after a kill at +%d ms", delayMs).isEqualTo(oldTrace);
      assertThat(Files.readAllBytes(out.resolve("report.html"))).isEqualTo(oldReport);
    }
  }

  @Test
  void aKilledFirstRunLeavesNoOutputUnderItsFinalName() throws Exception {
    Path out = dir.resolve("fresh");
    Process run = startLongRun(out);
    try {
      waitForTemporaryTrace(out, run);
      Thread.sleep(200);
    } finally {
      run.destroyForcibly();
      run.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(out.resolve("trace.jsonl")).doesNotExist();
    assertThat(out.resolve("report.html")).doesNotExist();
    assertThat(temporaries(out)).as("the killed run's hidden temporary file").isNotEmpty();
  }

  /** A leftover temporary file is removed by the next write once stale, never while fresh. */
  @Test
  void staleTemporaryFilesAreCleanedByTheNextRun() throws IOException {
    Path out = Files.createDirectories(dir.resolve("stale"));
    Path stale = Files.writeString(out.resolve(".trace.jsonl.123.tmp"), "{\"t\":0");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(
        AtomicFiles.STALE_AFTER.multipliedBy(2))));
    Path fresh = Files.writeString(out.resolve(".trace.jsonl.456.tmp"), "{\"t\":0");
    CliHarness.Result result = CliHarness.run("run", SCENARIO, "--set", "duration=2ms",
        "--out", out.toString(), "--no-report");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
    assertComplete(Files.readAllBytes(out.resolve("trace.jsonl")));
  }

  private static Process startLongRun(Path out) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", SCENARIO, "--set", "duration=600s", "--out", out.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void waitForTemporaryTrace(Path out, Process run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && run.isAlive()) {
      if (Files.isDirectory(out)) {
        for (Path temp : temporaries(out)) {
          if (Files.size(temp) > 0) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the run never started writing its trace");
  }

  private static List<Path> temporaries(Path out) throws IOException {
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(f -> f.getFileName().toString().startsWith(".trace.jsonl."))
          .filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  private static void assertComplete(byte[] trace) {
    String text = new String(trace, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    String[] lines = text.split("\n");
    assertThat(lines[lines.length - 1]).contains("\"ev\":\"run_end\"");
  }
}

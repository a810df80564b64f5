package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command, given bad arguments, missing files, directories, malformed or hostile traces,
 * answers with exit code 2 and short messages, never a stack trace.
 */
class BadInputScanTest {

  @TempDir static Path dir;


  @BeforeAll
  static void hostileFiles() throws IOException {
    Files.createDirectories(dir.resolve("a-directory"));
    Files.writeString(dir.resolve("empty.jsonl"), "");
    Files.writeString(dir.resolve("truncated.jsonl"),
        "{\"t\":0,\"ev\":\"trace_header\",\"format\":1,\"scen");
    Files.writeString(dir.resolve("not-json.jsonl"), "hello\nworld\n");
    Files.writeString(dir.resolve("html.jsonl"),
        "{\"t\":0,\"ev\":\"<script>alert(1)</script>\"}\n{\"t\":\"x\"}\n");
    Files.writeString(dir.resolve("huge-field.jsonl"),
        "{\"t\":0,\"ev\":\"" + "x".repeat(3 << 20) + "\"}\n");
    Files.writeString(dir.resolve("array.jsonl"), "[1,2,3]\n");
    byte[] garbage = new byte[4096];
    new java.util.SplittableRandom(7).nextBytes(garbage);
    Files.write(dir.resolve("garbage.jsonl"), garbage);
    Files.write(dir.resolve("fake.jsonl.gz"), garbage);
    Files.writeString(dir.resolve("bad.yaml"), "name: [\n");
  }

  private static String f(String name) {
    return dir.resolve(name).toString();
  }

  static Stream<List<String>> badCommands() {
    String scenario = CliHarness.scenario("might-sleep.yaml").toString();
    List<List<String>> all = new ArrayList<>();
    for (String trace : List.of("missing.jsonl", "a-directory", "empty.jsonl", "truncated.jsonl",
        "not-json.jsonl", "html.jsonl", "huge-field.jsonl", "array.jsonl", "garbage.jsonl",
        "fake.jsonl.gz")) {
      all.add(List.of("export", f(trace), "--format", "csv", "--out", f("out-csv")));
      all.add(List.of("export", f(trace), "--format", "chrome", "--out", f("out.json")));
      all.add(List.of("reserves", f(trace)));
      all.add(List.of("report", f(trace), "--out", f("out.html")));
      all.add(List.of("diff", f(trace), f("not-json.jsonl")));
      all.add(List.of("verify", scenario, "--golden", f(trace)));
    }
    for (String file : List.of("missing.yaml", "a-directory", "bad.yaml", "garbage.jsonl")) {
      all.add(List.of("run", f(file), "--out", f("run-out")));
      all.add(List.of("validate", f(file)));
      all.add(List.of("verify", f(file)));
      all.add(List.of("record", f(file)));
      all.add(List.of("inspect", f(file), "--view", "zoneinfo"));
    }
    all.add(List.of("run", scenario, "--max-events", "-1"));
    all.add(List.of("run", scenario, "--max-events", "lots"));
    all.add(List.of("run", scenario, "--max-trace-bytes", "0"));
    all.add(List.of("run", scenario, "--max-trace-bytes", "-5MiB"));
    all.add(List.of("run", scenario, "--max-duration", "forever"));
    all.add(List.of("run", scenario, "--seed", "abc"));
    all.add(List.of("run", scenario, "--set", "nonsense"));
    all.add(List.of("run", scenario, "--set", "machine.cpus=0"));
    all.add(List.of("run", scenario, "--no-such-option"));
    all.add(List.of("run"));
    all.add(List.of("validate", scenario, "--max-duration", "1ms"));
    all.add(List.of("inspect", scenario, "--view", "nope"));
    all.add(List.of("inspect", scenario, "--view", "zoneinfo", "--at", "-1ms"));
    all.add(List.of("export", f("not-json.jsonl"), "--format", "pdf"));
    all.add(List.of("reserves", f("not-json.jsonl"), "--format", "xml"));
    all.add(List.of("no-such-command"));
    all.add(List.of("diff", f("not-json.jsonl")));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommands")
  void answersWithExitCodeTwoAndNoStackTrace(List<String> args) {
    CliHarness.Result result = CliHarness.run(args.toArray(String[]::new));
    assertThat(result.err()).as("stderr").doesNotContain("\tat ").doesNotContain("Exception")
        .doesNotContain("labyrinth: internal error");
    assertThat(result.exitCode()).as("exit code; stderr:\n" + result.err()).isEqualTo(2);
    String first = result.err().lines().findFirst().orElse("");
    assertThat(first).as("first line of stderr").isNotBlank().hasSizeLessThan(2000);
  }
}

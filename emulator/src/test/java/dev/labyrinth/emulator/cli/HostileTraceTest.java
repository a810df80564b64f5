package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real traces, mutated into hostile ones: a truncated last line, a 5 MB string, HTML and script
 * in comm, zone and scenario name, NUL and control characters (escaped and raw), deep nesting and
 * numbers out of range. Every reading command ({@code report}, {@code export} in all formats,
 * {@code reserves}, {@code diff}) either refuses with exit 2 and one line naming file:line, or
 * succeeds with escaped output: no stack trace, no live HTML in report.html, and a Chrome export
 * that is still valid JSON. The traces start from a real run, so every command gets past the
 * header and meets the hostile record in the middle of real work.
 */
class HostileTraceTest {

  private static final String SCRIPT = "<script>alert(1)</script>";

  @TempDir static Path dir;

  /** Mutation name to the trace file it produced; insertion-ordered for stable test names. */
  private static final Map<String, Path> TRACES = new LinkedHashMap<>();

  @BeforeAll
  static void hostileTraces() throws IOException {
    Path real = dir.resolve("real");
    CliHarness.Result run = CliHarness.run("run", CliHarness.scenario("imu-telemetry.yaml")
        .toString(), "--set", "duration=20ms", "--no-report", "--out", real.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = Files.readAllLines(real.resolve("trace.jsonl"), StandardCharsets.UTF_8);
    TRACES.put("real", real.resolve("trace.jsonl"));
    String last = lines.get(lines.size() - 1);
    mutate("truncated-last-line", lines, l -> {
      l.set(l.size() - 1, last.substring(0, last.length() / 2));
      return l;
    }, false);
    replaceIn("huge-comm", lines, 5, "swapper/1", "x".repeat(5 << 20));
    replaceIn("html-comm", lines, 5, "swapper/1", SCRIPT);
    replaceIn("html-zone", lines, 3, "\"DMA\"", "\"" + SCRIPT + "\"");
    replaceIn("html-scenario", lines, 1, "imu-telemetry", SCRIPT);
    replaceIn("html-event-name", lines, 5, "irq_handler_entry", SCRIPT);
    replaceIn("escaped-controls", lines, 5, "swapper/1",
        "a\\u0000b\\u0001c\\u001b[31md\\ne\\rf\\tg\\u2028h\\\"i\\\\j</script>");
    replaceIn("raw-nul", lines, 5, "swapper/1", "a\u0000b");
    replaceIn("raw-controls", lines, 5, "swapper/1", "a\u001b[31m\u0007b");
    replaceIn("deep-nesting", lines, 5, "\"pid\":0", "\"pid\":" + "[".repeat(100_000)
        + "]".repeat(100_000));
    replaceIn("time-too-big", lines, 5, "\"t\":", "\"t\":99999999999999999999999");
    replaceIn("time-float", lines, 5, "\"t\":1001360", "\"t\":1e400");
    replaceIn("time-negative", lines, 6, "\"t\":1001360", "\"t\":-9223372036854775808");
    replaceIn("cpu-huge", lines, 5, "\"cpu\":1", "\"cpu\":9223372036854775807");
    replaceIn("cpu-negative", lines, 5, "\"cpu\":1", "\"cpu\":-2147483649");
    replaceIn("irq-negative", lines, 5, "\"irq\":2", "\"irq\":-1");
    replaceIn("zone-numbers-huge", lines, 3, "\"free\":3840",
        "\"free\":9223372036854775807");
    mutate("alloc-hostile", lines, l -> {
      l.add(6, "{\"t\":1001360,\"ev\":\"mm_page_alloc\",\"cpu\":1,\"ctx\":\"" + SCRIPT
          + "\",\"comm\":\"" + SCRIPT + "\",\"pid\":-1,\"pfn\":-5,\"order\":99,\"gfp\":\""
          + SCRIPT + "\",\"zone\":\"" + SCRIPT + "\",\"reserve\":\"" + SCRIPT + "\"}");
      return l;
    }, true);
  }

  private static void replaceIn(String name, List<String> lines, int lineNumber, String from,
      String to) throws IOException {
    mutate(name, lines, l -> {
      String line = l.get(lineNumber - 1);
      assertThat(line).as(name).contains(from);
      l.set(lineNumber - 1, line.replaceFirst(java.util.regex.Pattern.quote(from),
          java.util.regex.Matcher.quoteReplacement(to)));
      return l;
    }, true);
  }

  private static void mutate(String name, List<String> lines, UnaryOperator<List<String>> change,
      boolean finalNewline) throws IOException {
    List<String> copy = change.apply(new ArrayList<>(lines));
    String text = String.join("\n", copy) + (finalNewline ? "\n" : "");
    Path file = dir.resolve(name + ".jsonl");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    TRACES.put(name, file);
  }

  static Stream<String> traces() {
    return Stream.of("real", "truncated-last-line", "huge-comm", "html-comm", "html-zone",
        "html-scenario", "html-event-name", "escaped-controls", "raw-nul", "raw-controls",
        "deep-nesting", "time-too-big", "time-float", "time-negative", "cpu-huge",
        "cpu-negative", "irq-negative", "zone-numbers-huge", "alloc-hostile");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void reportEscapesOrRefuses(String name) throws IOException {
    Path html = dir.resolve(name + ".html");
    CliHarness.Result r = check(name, "report", trace(name), "--out", html.toString());
    if (r.exitCode() == 0) {
      String page = Files.readString(html, StandardCharsets.UTF_8);
      assertThat(page).doesNotContain(SCRIPT).doesNotContain("<script>alert")
          .doesNotContain("\u0000").doesNotContain("\u001b");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void chromeExportIsValidJsonOrRefused(String name) throws IOException {
    Path json = dir.resolve(name + ".chrome.json");
    CliHarness.Result r = check(name, "export", trace(name), "--format", "chrome",
        "--out", json.toString());
    if (r.exitCode() == 0) {
      ObjectMapper strict = new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      strict.getFactory().setStreamReadConstraints(
          com.fasterxml.jackson.core.StreamReadConstraints.builder()
              .maxStringLength(Integer.MAX_VALUE).build());
      assertThat(strict.readTree(json.toFile())).as(name).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void ftraceAndCsvExportsEscapeOrRefuse(String name) throws IOException {
    Path ftrace = dir.resolve(name + ".ftrace.txt");
    if (check(name, "export", trace(name), "--format", "ftrace", "--out", ftrace.toString())
        .exitCode() == 0) {
      assertNoControls(name, Files.readString(ftrace, StandardCharsets.UTF_8));
    }
    Path csv = dir.resolve(name + "-csv");
    if (check(name, "export", trace(name), "--format", "csv", "--out", csv.toString())
        .exitCode() == 0) {
      try (Stream<Path> tables = Files.list(csv)) {
        for (Path table : tables.toList()) {
          assertNoControls(name, Files.readString(table, StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** NUL, ESC and the like never reach a text export: they are escaped. */
  private static void assertNoControls(String name, String text) {
    assertThat(text).as(name).doesNotContain("\u0000").doesNotContain("\u001b")
        .doesNotContain("\u0001");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("traces")
  void reservesAndDiffAnswerOrRefuse(String name) {
    check(name, "reserves", trace(name));
    check(name, "reserves", trace(name), "--format", "json");
    check(name, "diff", trace("real"), trace(name));
    check(name, "diff", trace(name), trace("real"));
  }

  private static String trace(String name) {
    return TRACES.get(name).toString();
  }

  /**
   * Runs {@code args}; a success is fine (the caller checks its output), a refusal must be exit
   * 2 with one line naming the file and line; a diff may also say the traces differ (3).
   */
  private static CliHarness.Result check(String name, String... args) {
    CliHarness.Result r = CliHarness.run(args);
    String what = name + ": " + String.join(" ", List.of(args).subList(0, 1)) + "\n" + r.err();
    assertThat(r.err()).as(what).doesNotContain("\tat ").doesNotContain("Exception")
        .doesNotContain("internal error").hasSizeLessThan(4000);
    assertThat(r.exitCode()).as(what).isIn(0, 2, 3);
    if (name.equals("real") || name.startsWith("html") || name.equals("escaped-controls")) {
      assertThat(r.exitCode()).as(what + " (a valid trace)").isIn(0, 3);
    }
    if (r.exitCode() == 2) {
      List<String> errLines = r.err().lines().filter(l -> !l.isBlank()).toList();
      assertThat(errLines).as(what).hasSize(1);
      assertThat(errLines.get(0)).as(what).containsPattern(
          java.util.regex.Pattern.quote(name) + "\\.jsonl:\\d+");
    }
    return r;
  }
}

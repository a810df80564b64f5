package dev.labyrinth.emulator.scenario;

import static dev.labyrinth.emulator.scenario.Fixtures.BASE;
import static dev.labyrinth.emulator.scenario.Fixtures.problems;
import static dev.labyrinth.emulator.scenario.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of problem, with its exact position and a fragment of its message. */
class StrictYamlTest {

  private static void assertProblem(Problem p, int line, int column, String path, String fragment) {
    assertThat(p.source()).isEqualTo("t.yaml");
    assertThat(p.line()).as("line of %s", p.format()).isEqualTo(line);
    assertThat(p.column()).as("column of %s", p.format()).isEqualTo(column);
    assertThat(p.path()).as("path of %s", p.format()).isEqualTo(path);
    assertThat(p.message()).contains(fragment);
  }

  @Test
  void threeProblemsAtOnceSortedByPosition() {
    ImmutableList<Problem> problems = problems(Fixtures.bytes("three-problems.yaml"));
    assertThat(problems)
        .extracting(Problem::line, Problem::column, Problem::path)
        .containsExactly(tuple(2, 1, "sed"), tuple(5, 9, "machine.cpus"), tuple(7, 1, "name"));
    assertThat(problems.get(0).message()).isEqualTo("unknown key `sed`; did you mean `seed`?");
    assertThat(problems.get(1).message())
        .isEqualTo("expected an integer, got a string ('4'); remove the quotes");
    assertThat(problems.get(2).message()).isEqualTo("duplicate key `name` (first given at line 1)");
    assertThat(problems.get(0).format())
        .isEqualTo("t.yaml:2:1: sed: unknown key `sed`; did you mean `seed`?");
  }

  @Test
  void didYouMeanAtEachLevel() {
    assertProblem(single(BASE + "durtion: 1s\n"), 6, 1, "durtion", "did you mean `duration`?");
    assertProblem(
        single(BASE.replace("cpus: 4", "cpus: 4\n  cpu: 4")), 5, 3, "machine.cpu", "did you mean `cpus`?");
    assertProblem(
        single(BASE + "  sysctl: {vm.min_free_kbyte: 4}\n"),
        6,
        12,
        "machine.sysctl.vm.min_free_kbyte",
        "did you mean `vm.min_free_kbytes`?");
    assertProblem(
        single(BASE + "devices: [{name: t, kind: timer, period: 1ms, jiter: 1us}]\n"),
        6,
        47,
        "devices[0].jiter",
        "did you mean `jitter`?");
  }

  @Test
  void unknownKeyWithNothingCloseListsTheKnownKeys() {
    assertProblem(
        single(BASE + "colour: blue\n"),
        6,
        1,
        "colour",
        "unknown key `colour`; expected one of: name, seed, duration, machine, devices, tasks, timeline");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "seed: '42' | 6 | 7 | seed | expected an integer, got a string ('42'); remove the quotes",
        "seed: yes | 6 | 7 | seed | expected an integer, got a boolean ('yes')",
        "seed: 4.5 | 6 | 7 | seed | expected an integer, got a decimal number ('4.5')",
        "seed: 010 | 6 | 7 | seed | without leading zeros (YAML 1.1 would read it as octal)",
        "seed: 0x10 | 6 | 7 | seed | expected a decimal integer, got '0x10'",
        "seed: 1_000 | 6 | 7 | seed | expected a decimal integer, got '1_000'",
        "seed: 9223372036854775808 | 6 | 7 | seed | is out of range",
        "seed: ~ | 6 | 7 | seed | expected an integer, got nothing (null)",
        "seed: [1] | 6 | 7 | seed | expected an integer, got a list",
      })
  void integerCoercionIsRefused(String line, int row, int column, String path, String fragment) {
    assertProblem(single(BASE + line + "\n"), row, column, path, fragment);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'    cpus: \"4\"' | 4 | 9 | machine.cpus | expected an integer, got a string ('4')",
        "'    cpus: yes' | 4 | 9 | machine.cpus | expected an integer, got a boolean ('yes')",
        "'    cpus: 4.5' | 4 | 9 | machine.cpus | expected an integer, got a decimal number ('4.5')",
        "'    cpus: 0' | 4 | 9 | machine.cpus | must be between 1 and 1024 (got 0)",
        "'    cpus: 1025' | 4 | 9 | machine.cpus | must be between 1 and 1024 (got 1025)",
      })
  void cpus(String line, int row, int column, String path, String fragment) {
    assertProblem(single(BASE.replace("  cpus: 4", line.substring(2))), row, column, path, fragment);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "duration: 200 | 2 | 11 | expected a time with a unit (ns, us, ms, s), e.g. 4ms, got a number with no unit ('200')",
        "duration: 0ms | 2 | 11 | must be between 1ns and 2592000s (got 0ms)",
        "duration: 0.5ns | 2 | 11 | not a whole number of nanoseconds",
        "duration: 2 min | 2 | 11 | without spaces",
        "duration: | 2 | 10 | expected a time with a unit (ns, us, ms, s), e.g. 4ms, got an empty value",
      })
  void duration(String line, int row, int column, String fragment) {
    assertProblem(single(BASE.replace("duration: 200ms", line)), row, column, "duration", fragment);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "memory: 1GB | did you mean GiB?",
        "memory: 8MiB | must be between 16MiB and 64TiB (got 8MiB)",
        "memory: 65TiB | must be between 16MiB and 64TiB (got 65TiB)",
        "memory: 16781313B | must be a multiple of 4KiB (got 16781313B = 16781313B)",
        "memory: 1073741824 | expected a size with a binary unit (B, KiB, MiB, GiB, TiB), e.g. 256MiB",
      })
  void memory(String line, String fragment) {
    assertProblem(single(BASE.replace("memory: 1GiB", line)), 5, 11, "machine.memory", fragment);
  }

  @Test
  void requiredKeysAreReportedAtTheirMapping() {
    ImmutableList<Problem> problems = problems("seed: 1\nmachine:\n  memory: 1GiB\n");
    assertThat(problems)
        .extracting(Problem::format)
        .containsExactly(
            "t.yaml:1:1: missing required key `name`",
            "t.yaml:1:1: missing required key `duration`",
            "t.yaml:3:3: machine: missing required key `cpus`");
  }

  @Test
  void memoryAndZonesAreExclusive() {
    assertProblem(
        single("name: x\nduration: 1s\nmachine:\n  cpus: 1\n"),
        4,
        3,
        "machine",
        "give exactly one of `memory` or `zones`");
    assertProblem(
        single(BASE + "  zones: [{name: DMA, managed_pages: 1}]\n"),
        6,
        3,
        "machine.zones",
        "`memory` and `zones` can't both be given; keep one");
  }

  @Test
  void zonesAreCheckedForOrderUniquenessAndCounts() {
    String yaml =
        "name: x\nduration: 1s\nmachine:\n  cpus: 1\n  zones:\n"
            + "    - {name: Normal, managed_pages: 10}\n"
            + "    - {name: DMA, managed_pages: 10, present_pages: 9}\n"
            + "    - {name: DMA, managed_pages: 0, spanned_pages: 5}\n"
            + "    - {name: Highmem, managed_pages: 1}\n";
    assertThat(problems(yaml))
        .extracting(Problem::format)
        .containsExactly(
            "t.yaml:7:14: machine.zones[1].name: zone `DMA` must come before `Normal`;"
                + " list zones in Linux's order DMA, DMA32, Normal, Movable",
            "t.yaml:7:53: machine.zones[1].present_pages: must be at least managed_pages (10), got 9",
            "t.yaml:8:14: machine.zones[2].name: zone `DMA` is given twice",
            "t.yaml:8:34: machine.zones[2].managed_pages: must be between 1 and 17179869184 (got 0)",
            "t.yaml:9:14: machine.zones[3].name: expected one of `DMA`, `DMA32`, `Normal` or"
                + " `Movable`, got 'Highmem'");
  }

  @Test
  void devicesAreCheckedForUniqueNamesKindAndCpu() {
    String yaml =
        BASE
            + "devices:\n"
            + "  - {name: tick, kind: timer, period: 4ms}\n"
            + "  - {name: tick, kind: Timer, period: 4ms, cpu: 4}\n";
    assertThat(problems(yaml))
        .extracting(Problem::format)
        .containsExactly(
            "t.yaml:8:12: devices[1].name: duplicate device name `tick` (first given at line 7)",
            "t.yaml:8:24: devices[1].kind: expected one of `timer`, `poisson`, `burst` or `replay`, got 'Timer'; did you mean `timer`?",
            "t.yaml:8:49: devices[1].cpu: CPU 4 does not exist; machine.cpus is 4, so use 0..3");
  }

  @Test
  void nameMustBeANonEmptyShortString() {
    assertProblem(single(BASE.replace("name: base", "name: ''")), 1, 7, "name", "must not be empty");
    assertProblem(
        single(BASE.replace("name: base", "name: " + "x".repeat(201))),
        1,
        7,
        "name",
        "is 201 characters long; the limit is 200");
    assertProblem(
        single(BASE.replace("name: base", "name: 42")),
        1,
        7,
        "name",
        "expected a string, got an integer ('42'); put it in quotes if you mean text");
  }

  @Test
  void anchorsAndAliasesAreReportedNotExpanded() {
    String yaml = BASE.replace("name: base", "name: &n base") + "devices:\n  - {name: *n, kind: timer, period: 1ms}\n";
    assertThat(problems(yaml))
        .extracting(Problem::format)
        .containsExactly(
            "t.yaml:1:7: name: anchors (`&n`) are not allowed; write each value out",
            "t.yaml:7:12: devices[0].name: aliases (`*n`) are not allowed; write the value out");
  }

  @Test
  void anchorsOnMappingsAndListsToo() {
    assertThat(problems(BASE.replace("machine:", "machine: &m")))
        .extracting(Problem::format)
        .containsExactly("t.yaml:3:10: machine: anchors (`&m`) are not allowed; write each value out");
  }

  @Test
  void tagsAreRefused() {
    assertThat(problems(BASE + "seed: !!int 5\n"))
        .extracting(Problem::format)
        .containsExactly("t.yaml:6:7: seed: YAML tags (`!!int`) are not allowed; write the plain value");
    assertThat(problems(BASE.replace("name: base", "name: !custom base")))
        .extracting(Problem::format)
        .containsExactly("t.yaml:1:7: name: YAML tags (`!custom`) are not allowed; write the plain value");
  }

  @Test
  void duplicateKeysAreReportedAtTheSecond() {
    assertThat(problems(BASE.replace("  memory: 1GiB", "  memory: 1GiB\n  cpus: 2")))
        .extracting(Problem::format)
        .containsExactly("t.yaml:6:3: machine.cpus: duplicate key `cpus` (first given at line 4)");
  }

  @Test
  void secondDocumentIsRefused() {
    assertThat(problems(BASE + "---\nname: other\n"))
        .extracting(Problem::format)
        .containsExactly(
            "t.yaml:7:1: only one YAML document is allowed; remove the second document"
                + " (everything from its `---` line)");
  }

  @Test
  void rootMustBeAMapping() {
    assertThat(single("- a\n- b\n").format())
        .isEqualTo("t.yaml:1:1: the top level must be a mapping (key: value lines), got a list");
    assertThat(single("just text\n").format())
        .isEqualTo(
            "t.yaml:1:1: the top level must be a mapping (key: value lines), got a string ('just text')");
  }

  @Test
  void emptyFileIsAProblem() {
    assertThat(single("").format())
        .isEqualTo("t.yaml:1:1: the file is empty; a scenario needs at least name, duration and machine");
    assertThat(single("# only a comment\n").message()).startsWith("the file is empty");
  }

  @Test
  void syntaxErrorIsOneProblemWithItsPosition() {
    Problem p = single("name: x\nduration: a: b\n");
    assertThat(p.format()).isEqualTo("t.yaml:2:12: invalid YAML: mapping values are not allowed here");
    Problem q = single("name: [x, y\n");
    assertThat(q.line()).isEqualTo(2);
    assertThat(q.column()).isEqualTo(1);
    assertThat(q.message()).contains("expected ',' or ']'");
  }

  @Test
  void invalidUtf8IsAProblem() {
    byte[] bytes = {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, '\n'};
    assertThat(Fixtures.problems(bytes))
        .extracting(Problem::format)
        .containsExactly("t.yaml:1:7: the file is not valid UTF-8 (bad byte at offset 6)");
  }
}

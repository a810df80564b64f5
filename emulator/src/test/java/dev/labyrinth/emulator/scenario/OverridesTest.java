package dev.labyrinth.emulator.scenario;

import static dev.labyrinth.emulator.scenario.Fixtures.BASE;
import static dev.labyrinth.emulator.scenario.Fixtures.parse;
import static dev.labyrinth.emulator.scenario.Fixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import org.junit.jupiter.api.Test;

/** {@code --set key=value} goes through the same validation as the file. */
class OverridesTest {
  @Test
  void goodOverridesReplaceFileValues() throws Exception {
    Scenario s = parse(BASE, "machine.cpus=2", "duration=1s", "seed=7", "name=renamed");
    assertThat(s.machine().cpus()).isEqualTo(2);
    assertThat(s.durationNs()).isEqualTo(1_000_000_000L);
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.name()).isEqualTo("renamed");
    assertThat(s.overrides()).containsExactly("machine.cpus=2", "duration=1s", "seed=7", "name=renamed");
  }

  @Test
  void sysctlShortcutAndFlowList() throws Exception {
    Scenario s =
        parse(
            BASE,
            "vm.min_free_kbytes=4096",
            "vm.lowmem_reserve_ratio=[128, 64, 0]",
            "machine.sysctl.vm.watermark_scale_factor=150");
    assertThat(s.machine().sysctl())
        .isEqualTo(new SysctlSpec(4096, 150, ImmutableList.of(128, 64, 0), 15000));
  }

  @Test
  void memoryOverrideReplacesZones() throws Exception {
    String yaml =
        "name: x\nduration: 1s\nmachine:\n  cpus: 1\n  zones: [{name: DMA, managed_pages: 10}]\n";
    Scenario s = parse(yaml, "machine.memory=2GiB");
    assertThat(s.machine().memoryBytes()).isEqualTo(2L << 30);
    assertThat(s.machine().zones()).isEmpty();
  }

  @Test
  void overrideCanSupplyAMissingRequiredKey() throws Exception {
    assertThat(parse(BASE.replace("duration: 200ms\n", ""), "duration=5ms").durationNs())
        .isEqualTo(5_000_000L);
  }

  @Test
  void badValueIsReportedInsideTheOverride() {
    assertThat(problems(BASE, "seed=7", "machine.cpus=\"4\"", "duration=200"))
        .extracting(Problem::format)
        .containsExactly(
            "--set:2:14: machine.cpus: expected an integer, got a string ('4'); remove the quotes",
            "--set:3:10: duration: expected a time with a unit (ns, us, ms, s), e.g. 4ms,"
                + " got a number with no unit ('200')");
  }

  @Test
  void unknownKeysGetDidYouMean() {
    assertThat(problems(BASE, "machine.cpu=2", "vm.min_free_kbyte=1", "sed=1", "colour=red"))
        .extracting(Problem::format)
        .containsExactly(
            "--set:1:9: machine.cpu: unknown key `cpu`; did you mean `cpus`?",
            "--set:2:1: machine.sysctl.vm.min_free_kbyte: unknown key `vm.min_free_kbyte`;"
                + " did you mean `vm.min_free_kbytes`?",
            "--set:3:1: sed: unknown key `sed`; did you mean `seed`?",
            "--set:4:1: colour: unknown key `colour`; expected one of: name, seed, duration,"
                + " machine, devices, tasks, timeline, kernel, faults");
  }

  @Test
  void malformedOverrides() {
    assertThat(problems(BASE, "seed", "=4", "machine.cpus.x=1", "devices[0].period=1ms", "seed=[1,"))
        .extracting(Problem::format)
        .containsExactly(
            "--set:1:1: expected key=value, e.g. machine.cpus=2 (got 'seed')",
            "--set:2:1: missing key before `=`",
            "--set:3:9: machine.cpus: `cpus` has no keys inside it",
            "--set:4:1: devices[0].period: can't set one entry of a list; set the whole list, e.g."
                + " devices=[{name: tick, kind: timer, period: 4ms}]",
            "--set:5:9: seed: invalid YAML: expected the node content, but found '<stream end>'"
                + " (while parsing a flow node)");
  }

  @Test
  void fileProblemsComeBeforeOverrideProblems() {
    assertThat(problems(BASE + "sed: 1\n", "seed=x"))
        .extracting(Problem::source)
        .containsExactly("t.yaml", "--set");
  }

  @Test
  void anchorsInOverrideValuesAreRefusedToo() {
    assertThat(problems(BASE, "name=&a x"))
        .extracting(Problem::format)
        .containsExactly("--set:1:6: name: anchors (`&a`) are not allowed; write each value out");
  }
}

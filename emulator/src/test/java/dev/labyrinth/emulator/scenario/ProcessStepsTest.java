package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labyrinth.emulator.machine.ProcessOp;
import dev.labyrinth.emulator.machine.Step;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Process steps in task programs: symbolic names are checked with file:line:col problems. */
class ProcessStepsTest {
  private static final String HEAD = "name: p\nduration: 1ms\nmachine: {cpus: 2, memory: 64MiB}\n";

  private static Scenario parse(String text) throws ScenarioException {
    return ScenarioLoader.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8), List.of());
  }

  @Test
  void buildsAForkWithItsChildProgram() throws Exception {
    Scenario s = parse(HEAD + "kernel: {cow_bug: true}\ntasks:\n  - name: a\n    steps:\n"
        + "      - mmap: {as: buf, length: 8KiB, prot: rw}\n"
        + "      - fork: {cpu: 1, steps: [{write: {at: buf+4KiB}}, {signal: done}]}\n"
        + "      - wait_for: done\n");
    assertThat(s.kernel().cowBug()).isTrue();
    Step.Process fork = (Step.Process) s.tasks().get(0).steps().get(1);
    ProcessOp.Fork f = (ProcessOp.Fork) fork.op();
    assertThat(f.cpu()).isEqualTo(1);
    assertThat(((Step.Process) f.childProgram().get(0)).op()).isEqualTo(new ProcessOp.Access(
        ProcessOp.AccessKind.WRITE, new ProcessOp.Range("buf", 4096, ProcessOp.Range.WHOLE)));
  }

  @Test
  void unknownNamesAreProblemsWithTheirPlace() {
    assertThatThrownBy(() -> parse(HEAD + "tasks:\n  - name: a\n    steps:\n"
        + "      - mmap: {as: buf, length: 4KiB}\n"
        + "      - write: {at: bfu}\n"
        + "      - read_pin: nope\n"
        + "      - wait_for: never\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("t.yaml:8:21: tasks[0].steps[1].write.at: unknown buffer `bfu`")
        .hasMessageContaining("unknown buffer `bfu`")
        .hasMessageContaining("did you mean `buf`?")
        .hasMessageContaining("no `pin` step names a pin `nope`")
        .hasMessageContaining("no `signal` step sets an event `never`");
  }

  @Test
  void aBufferMappedAfterTheForkIsNotTheChilds() {
    assertThatThrownBy(() -> parse(HEAD + "tasks:\n  - name: a\n    steps:\n"
        + "      - fork: {steps: [{read: {at: late}}]}\n"
        + "      - mmap: {as: late, length: 4KiB}\n"))
        .isInstanceOf(ScenarioException.class).hasMessageContaining("unknown buffer `late`");
  }
}

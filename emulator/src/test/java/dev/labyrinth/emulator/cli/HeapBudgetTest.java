package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.MachineSpec;
import dev.labyrinth.emulator.scenario.SysctlSpec;
import dev.labyrinth.emulator.scenario.ZoneSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapBudgetTest {

  private static MachineSpec memory(long bytes) {
    return new MachineSpec(1, bytes, ImmutableList.of(), SysctlSpec.DEFAULTS);
  }

  @Test
  void countsFramesFromMemoryOrZones() {
    assertThat(HeapBudget.frames(memory(1L << 30))).isEqualTo(262_144);
    MachineSpec zones = new MachineSpec(1, 0, ImmutableList.of(
        new ZoneSpec("DMA", 3900, 3900, 4095), new ZoneSpec("DMA32", 1000, 1000, 1000)),
        SysctlSpec.DEFAULTS);
    assertThat(HeapBudget.frames(zones)).isEqualTo(5095);
  }

  @Test
  void refusesAMachineThatCannotFitAndAcceptsOneThatCan() {
    assertThatCode(() -> HeapBudget.check("s.yaml", memory(1L << 30), 1L << 30))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> HeapBudget.check("s.yaml", memory(64L << 40), 1L << 30))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("s.yaml: machine: 17179869184 page frames need about")
        .hasMessageContaining("LABYRINTH_JAVA_OPTS=-Xmx");
  }

  @TempDir
  Path dir;

  @Test
  void aHugeMachineIsBadInputNotACrash() throws IOException {
    Path scenario = dir.resolve("huge.yaml");
    Files.writeString(scenario, "name: huge\nduration: 1ms\nmachine: {cpus: 1, memory: 64TiB}\n",
        StandardCharsets.UTF_8);
    CliHarness.Result result = CliHarness.run("validate", scenario.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("page frames need about").doesNotContain("Exception");
  }
}

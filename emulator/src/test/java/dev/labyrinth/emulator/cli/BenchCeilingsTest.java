package dev.labyrinth.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.machine.Softirq;
import dev.labyrinth.emulator.machine.Step;
import dev.labyrinth.emulator.run.ScenarioRun;
import dev.labyrinth.emulator.scenario.DeviceSpec;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's ceilings: the free-allocator variant of a scenario, and the SHA-256 meter. */
class BenchCeilingsTest {

  @Test
  void replacesEachDeviceAllocationStepByItsCpuTime() throws Exception {
    Scenario sensor = ScenarioLoader.load(CliHarness.scenario("imu-sensor.yaml"), List.of());
    Scenario variant = BenchCeilings.withDeviceAllocsAsCompute(sensor);

    DeviceSpec imu = variant.devices().get(0);
    DeviceSpec eth0 = variant.devices().get(1);
    // imu: one page at the default 200 ns a page; eth0: seven pages.
    assertThat(imu.handler()).containsExactly(new Step.Compute(4_000), new Step.Compute(200),
        new Step.RaiseSoftirq(Softirq.TASKLET));
    assertThat(eth0.handler()).containsExactly(new Step.Compute(2_000), new Step.Compute(1_400),
        new Step.RaiseSoftirq(Softirq.NET_RX));
    assertThat(imu.softirq()).isEqualTo(sensor.devices().get(0).softirq());
    assertThat(variant.tasks()).isEqualTo(sensor.tasks());
    assertThat(variant.durationNs()).isEqualTo(sensor.durationNs());
    assertThat(variant.devices()).extracting(DeviceSpec::name).containsExactly("imu", "eth0");
  }

  @Test
  void dropsAnAllocationStepThatCostsNoCpuTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("free-alloc.yaml");
    Files.writeString(file, String.join("\n",
        "name: free-alloc",
        "seed: 1",
        "duration: 1ms",
        "machine: {cpus: 1, memory: 64MiB}",
        "devices:",
        "  - name: nic",
        "    kind: timer",
        "    period: 100us",
        "    handler:",
        "      - alloc: {order: 1, gfp: GFP_ATOMIC, count: 2, cost: 0ns, hold: 10us}",
        "      - compute: 1us",
        "      - raise_softirq: NET_RX",
        "    softirq:",
        "      - alloc: {order: 2, gfp: GFP_ATOMIC, cost: 50ns, hold: 10us}",
        ""));
    Scenario variant = BenchCeilings.withDeviceAllocsAsCompute(
        ScenarioLoader.load(file, List.of()));

    DeviceSpec nic = variant.devices().get(0);
    assertThat(nic.handler()).containsExactly(new Step.Compute(1_000),
        new Step.RaiseSoftirq(Softirq.NET_RX));
    assertThat(nic.softirq()).containsExactly(new Step.Compute(200)); // 50 ns x 2^2 pages
  }

  @Test
  void theVariantAllocatesNoPageInInterruptOrSoftirqContext() throws Exception {
    Scenario sensor = ScenarioLoader.load(CliHarness.scenario("imu-sensor.yaml"), List.of());

    String original = trace(sensor);
    String variant = trace(BenchCeilings.withDeviceAllocsAsCompute(sensor));

    assertThat(deviceAllocations(original)).isPositive();
    assertThat(deviceAllocations(variant)).isZero();
    // The tasks still allocate: only the devices' allocator work is gone.
    assertThat(variant).contains("\"ev\":\"mm_page_alloc\"");
    assertThat(variant).contains("\"ev\":\"irq_handler_entry\"");
  }

  @Test
  void measuresSha256ThroughputAndRejectsAnEmptyMeasurement() {
    double bytesPerSecond = BenchCeilings.sha256BytesPerSecond(1 << 20, 2);

    assertThat(bytesPerSecond).isFinite().isGreaterThan(1e6);
    assertThatThrownBy(() -> BenchCeilings.sha256BytesPerSecond(0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> BenchCeilings.sha256BytesPerSecond(1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
  }

  private static String trace(Scenario scenario) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TraceHeader header = new TraceHeader(scenario.name(), scenario.sourceSha256(),
        scenario.seed(), ImmutableList.copyOf(scenario.overrides()));
    try (CanonicalTraceWriter writer = new CanonicalTraceWriter(bytes, header)) {
      new ScenarioRun(scenario, ScenarioRun.DEFAULT_STEPS_MAX).execute(writer);
      writer.finish();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static long deviceAllocations(String trace) {
    return trace.lines()
        .filter(line -> line.contains("\"ev\":\"mm_page_alloc\""))
        .filter(line -> line.contains("\"ctx\":\"hardirq\"") || line.contains("\"ctx\":\"softirq\""))
        .count();
  }
}

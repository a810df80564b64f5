package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;

/**
 * A validated scenario, plus where it came from so a trace can name its exact input.
 *
 * @param name the scenario's name
 * @param seed root seed of every random stream
 * @param durationNs simulated time to run, &gt; 0
 * @param machine the machine
 * @param devices devices in file order
 * @param tasks tasks in file order
 * @param sourceName how the caller named the input (a path as given, not made absolute)
 * @param sourceText the file's text, decoded as UTF-8
 * @param sourceSha256 lowercase hex SHA-256 of the raw file bytes
 * @param overrides the {@code --set key=value} strings applied, in order
 * @param reclaim {@code machine.reclaim}: the reclaimable pool at boot and its cost
 * @param timeline {@code timeline}: actions at given times, in file order
 * @param kernel {@code kernel}: behaviour switches
 * @param faults {@code faults}: the fault-injection sites
 */
public record Scenario(
    String name,
    long seed,
    long durationNs,
    MachineSpec machine,
    ImmutableList<DeviceSpec> devices,
    ImmutableList<TaskSpec> tasks,
    String sourceName,
    String sourceText,
    String sourceSha256,
    ImmutableList<String> overrides,
    ReclaimSpec reclaim,
    ImmutableList<TimelineEntry> timeline,
    KernelSpec kernel,
    FaultsSpec faults) {
  public Scenario {
    checkNotNull(kernel, "kernel");
    checkNotNull(faults, "faults");
    checkNotNull(reclaim, "reclaim");
    checkNotNull(timeline, "timeline");
    checkNotNull(name, "name");
    checkArgument(durationNs > 0, "durationNs must be > 0: %s", durationNs);
    checkNotNull(machine, "machine");
    checkNotNull(devices, "devices");
    checkNotNull(tasks, "tasks");
    checkNotNull(sourceName, "sourceName");
    checkNotNull(sourceText, "sourceText");
    checkNotNull(sourceSha256, "sourceSha256");
    checkNotNull(overrides, "overrides");
  }

  /** A scenario with no faults. */
  public Scenario(String name, long seed, long durationNs, MachineSpec machine,
      ImmutableList<DeviceSpec> devices, ImmutableList<TaskSpec> tasks, String sourceName,
      String sourceText, String sourceSha256, ImmutableList<String> overrides,
      ReclaimSpec reclaim, ImmutableList<TimelineEntry> timeline, KernelSpec kernel) {
    this(name, seed, durationNs, machine, devices, tasks, sourceName, sourceText, sourceSha256,
        overrides, reclaim, timeline, kernel, FaultsSpec.NONE);
  }

  /** A scenario with the default {@link KernelSpec} and no faults. */
  public Scenario(String name, long seed, long durationNs, MachineSpec machine,
      ImmutableList<DeviceSpec> devices, ImmutableList<TaskSpec> tasks, String sourceName,
      String sourceText, String sourceSha256, ImmutableList<String> overrides,
      ReclaimSpec reclaim, ImmutableList<TimelineEntry> timeline) {
    this(name, seed, durationNs, machine, devices, tasks, sourceName, sourceText, sourceSha256,
        overrides, reclaim, timeline, KernelSpec.DEFAULTS);
  }

  /** The same scenario with other devices (replayed arrival times filled in). */
  public Scenario withDevices(ImmutableList<DeviceSpec> newDevices) {
    return new Scenario(name, seed, durationNs, machine, newDevices, tasks, sourceName, sourceText,
        sourceSha256, overrides, reclaim, timeline, kernel, faults);
  }

  /** The same scenario with another root seed, for seed sweeps. */
  public Scenario withSeed(long seed) {
    return new Scenario(
        name, seed, durationNs, machine, devices, tasks, sourceName, sourceText, sourceSha256,
        overrides, reclaim, timeline, kernel, faults);
  }
}

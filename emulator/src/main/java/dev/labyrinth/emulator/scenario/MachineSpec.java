package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;

/**
 * The machine: CPUs, memory (either a total size or explicit zones, never both), sysctls and
 * the zone lock hold times.
 *
 * @param cpus number of CPUs, 1..1024
 * @param memoryBytes total memory; 0 when {@code zones} are given
 * @param zones explicit zones in Linux order; empty when {@code memoryBytes} is given
 * @param sysctl the vm sysctls
 * @param zoneLock {@code machine.zone_lock}: how long a zone lock section holds the lock
 */
public record MachineSpec(
    int cpus, long memoryBytes, ImmutableList<ZoneSpec> zones, SysctlSpec sysctl,
    ZoneLockSpec zoneLock) {
  public MachineSpec {
    checkArgument(cpus >= 1, "cpus must be >= 1: %s", cpus);
    checkNotNull(zones, "zones");
    checkNotNull(sysctl, "sysctl");
    checkNotNull(zoneLock, "zoneLock");
    checkArgument(
        (memoryBytes > 0) != !zones.isEmpty(),
        "exactly one of memoryBytes (%s) and zones (%s) must be given",
        memoryBytes,
        zones.size());
  }

  /** A machine with the default zone lock hold times. */
  public MachineSpec(int cpus, long memoryBytes, ImmutableList<ZoneSpec> zones, SysctlSpec sysctl) {
    this(cpus, memoryBytes, zones, sysctl, ZoneLockSpec.DEFAULTS);
  }
}

package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One device from the {@code devices} list.
 *
 * @param name unique among the scenario's devices
 * @param kind what the device does
 * @param periodNs time between interrupts, &gt; 0
 * @param jitterNs maximum displacement of each interrupt, &gt;= 0
 * @param cpu the CPU the device's interrupt is routed to, 0-based
 */
public record DeviceSpec(String name, DeviceKind kind, long periodNs, long jitterNs, int cpu) {
  public DeviceSpec {
    checkNotNull(name, "name");
    checkNotNull(kind, "kind");
    checkArgument(periodNs > 0, "periodNs must be > 0: %s", periodNs);
    checkArgument(jitterNs >= 0, "jitterNs must be >= 0: %s", jitterNs);
    checkArgument(cpu >= 0, "cpu must be >= 0: %s", cpu);
  }
}

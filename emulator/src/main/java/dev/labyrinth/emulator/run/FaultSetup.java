package dev.labyrinth.emulator.run;

import dev.labyrinth.emulator.machine.Device;
import dev.labyrinth.emulator.machine.Machine;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.scenario.FaultsSpec;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.sim.RandomStream;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.Map;

/**
 * Switches on the fault sites a scenario's {@code faults:} enables. Each site draws only from its
 * own stream {@code fault/<site>}, created only when the site is on, so a scenario without faults
 * runs exactly as before and one site never shifts another's numbers.
 */
final class FaultSetup {

  private FaultSetup() {}

  /** {@code kswapd_delay} and {@code reclaim_no_progress}, on the allocator. */
  static void reclaim(PageAllocator allocator, Scenario scenario, Simulation sim) {
    FaultsSpec.KswapdDelay delay = scenario.faults().kswapdDelay();
    if (delay.enabled()) {
      allocator.reclaimFaults().enableKswapdDelay(delay.delayNs(), delay.random(),
          sim.randoms().stream("fault/kswapd_delay"));
    }
    FaultsSpec.ReclaimNoProgress noProgress = scenario.faults().reclaimNoProgress();
    if (noProgress.enabled()) {
      long endNs = noProgress.lengthNs() == FaultsSpec.FOREVER ? Long.MAX_VALUE
          : Math.addExact(noProgress.startNs(), noProgress.lengthNs());
      allocator.reclaimFaults().enableNoProgress(noProgress.startNs(), endNs,
          noProgress.percent(), sim.randoms().stream("fault/reclaim_no_progress"));
    }
  }

  /** {@code irq_storm} and {@code device_stop}, on the machine's devices (by name). */
  static void devices(Machine machine, Map<String, Device> devices, Scenario scenario,
      Simulation sim, Tracer tracer) {
    FaultsSpec.IrqStorm storm = scenario.faults().irqStorm();
    if (storm.enabled()) {
      RandomStream random = sim.randoms().stream("fault/irq_storm");
      long startNs = storm.startNs() != FaultsSpec.DRAWN ? storm.startNs()
          : random.uniformNs(0, Math.max(1, scenario.durationNs() - storm.lengthNs()));
      machine.addIrqStorm(device(devices, scenario, storm.device()), storm.everyNs(), startNs,
          Math.addExact(startNs, storm.lengthNs()));
    }
    FaultsSpec.DeviceStop stop = scenario.faults().deviceStop();
    if (stop.enabled()) {
      RandomStream random = sim.randoms().stream("fault/device_stop");
      long startNs = stop.startNs() != FaultsSpec.DRAWN ? stop.startNs()
          : random.uniformNs(0, scenario.durationNs());
      long untilNs = stop.lengthNs() == FaultsSpec.FOREVER ? Long.MAX_VALUE
          : Math.addExact(startNs, stop.lengthNs());
      device(devices, scenario, stop.device()).stopBetween(startNs, untilNs, tracer);
    }
  }

  /** The device named {@code name}; "" names the scenario's first device. */
  private static Device device(Map<String, Device> devices, Scenario scenario, String name) {
    String resolved = name.isEmpty() && !scenario.devices().isEmpty()
        ? scenario.devices().get(0).name() : name;
    Device device = devices.get(resolved);
    if (device == null) {
      throw new IllegalStateException("fault names device `" + name
          + "`, which the scenario does not have (the loader should have rejected it)");
    }
    return device;
  }
}

package dev.labyrinth.emulator.run;

import com.google.common.base.Preconditions;
import dev.labyrinth.emulator.machine.ArrivalProcess;
import dev.labyrinth.emulator.machine.BurstArrivals;
import dev.labyrinth.emulator.machine.Device;
import dev.labyrinth.emulator.machine.IrqLine;
import dev.labyrinth.emulator.machine.Machine;
import dev.labyrinth.emulator.machine.MemoryPort;
import dev.labyrinth.emulator.machine.PeriodicArrivals;
import dev.labyrinth.emulator.machine.PoissonArrivals;
import dev.labyrinth.emulator.machine.ReplayArrivals;
import dev.labyrinth.emulator.scenario.DeviceSpec;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.TaskSpec;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.TreeMap;

/**
 * Builds the scenario's machine: one interrupt line per device (irq 1, 2, ... in file order),
 * the devices, the device faults ({@link FaultSetup}), and the tasks (pids 1000, 1001, ... in
 * file order).
 */
final class MachineSetup {

  private MachineSetup() {}

  static Machine build(Scenario scenario, Simulation sim, Tracer tracer, MemoryPort port) {
    Machine machine = new Machine(sim, tracer, port, scenario.machine().cpus());
    machine.setZoneLockCosts(scenario.machine().zoneLock().baseNs(),
        scenario.machine().zoneLock().perBlockNs());
    TreeMap<String, Device> devices = new TreeMap<>();
    for (DeviceSpec d : scenario.devices()) {
      IrqLine line = machine.addLine(d.name(), d.priority(), d.trigger(), d.affinity(),
          d.policy(), d.handler(), d.softirq(), d.unhandledEvery());
      devices.put(d.name(), machine.addDevice(d.name(), line, arrivals(d)));
    }
    FaultSetup.devices(machine, devices, scenario, sim, tracer);
    for (TaskSpec t : scenario.tasks()) {
      machine.addTask(t.name(), t.cpu(), t.steps(), t.startNs());
    }
    return machine;
  }

  private static ArrivalProcess arrivals(DeviceSpec d) {
    switch (d.kind()) {
      case TIMER:
        return new PeriodicArrivals(d.periodNs(), d.jitterNs());
      case POISSON:
        return new PoissonArrivals(d.meanNs());
      case BURST:
        return new BurstArrivals(d.onNs(), d.offNs(), d.meanNs());
      case REPLAY:
        Preconditions.checkState(!d.arrivalsNs().isEmpty() || d.replayFile().isEmpty(),
            "replay device %s: its file %s was not read (load the scenario from its file)",
            d.name(), d.replayFile());
        return new ReplayArrivals(d.arrivalsNs());
      default:
        throw new IllegalStateException("kind " + d.kind());
    }
  }
}

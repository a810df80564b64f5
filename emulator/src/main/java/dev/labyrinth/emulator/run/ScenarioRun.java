package dev.labyrinth.emulator.run;

import dev.labyrinth.emulator.machine.Machine;
import dev.labyrinth.emulator.machine.MemoryPort;
import dev.labyrinth.emulator.machine.PageAllocatorPort;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.PageOrder;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.sim.RunResult;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.vm.Vm;
import dev.labyrinth.emulator.vm.VmOptions;

/**
 * Wires a validated {@link Scenario} into a simulated machine and runs it to its duration.
 *
 * <p>This is the one place that knows both the scenario format and the model, so the model
 * packages stay free of YAML and the scenario package stays free of behaviour. Everything the run
 * does is decided by the scenario and its seed; the caller decides only where the trace goes.
 */
public final class ScenarioRun {

  /** Events a run may execute before it is stopped; protects against runaway scenarios. */
  public static final long DEFAULT_STEPS_MAX = 500_000_000L;

  private final Scenario scenario;
  private final long stepsMax;
  private final boolean paranoid;

  public ScenarioRun(Scenario scenario, long stepsMax) {
    this(scenario, stepsMax, false);
  }

  /**
   * @param paranoid check every structure's invariants after every event; a violation stops the
   *     run with the seed, step and time (slow: for tests and {@code run --paranoid})
   */
  public ScenarioRun(Scenario scenario, long stepsMax, boolean paranoid) {
    this.scenario = scenario;
    this.stepsMax = stepsMax;
    this.paranoid = paranoid;
  }

  /** Runs the scenario, writing every record to {@code tracer}. */
  public RunOutcome execute(Tracer tracer) {
    Simulation simulation = new Simulation(scenario.seed());
    traceMachine(tracer);
    Machine machine = build(simulation, tracer).machine();
    RunResult result = simulation.run(scenario.durationNs(), stepsMax);
    Vm vm = machine.processes().vmIfStarted();
    if (vm != null) {
      vm.traceVmstat(); // the run's COW counters, only when processes ran
    }
    tracer.begin("run_end", result.nowNs())
        .put("reason", result.reason().name().toLowerCase(java.util.Locale.ROOT))
        .put("steps", result.steps())
        .end();
    return new RunOutcome(result.reason(), result.steps(), result.nowNs(), result.detail());
  }

  /**
   * Runs the scenario with tracing off until {@code atNs} (events at exactly {@code atNs} run)
   * and returns the allocator in that state, for {@code labyrinth inspect}. Devices and tasks
   * run as in {@link #execute}.
   */
  public PageAllocator allocatorAt(long atNs) {
    Simulation simulation = new Simulation(scenario.seed());
    PageAllocator allocator = build(simulation, Tracer.OFF).allocator();
    simulation.run(atNs, stepsMax);
    return allocator;
  }

  /**
   * Boots the allocator, then the machine (CPUs, interrupt lines, devices, tasks) on
   * {@code simulation}; shared by both entry points. The machine's invariant check is registered
   * after the allocator's, so with invariants enabled both run after every event.
   */
  private Built build(Simulation simulation, Tracer tracer) {
    PageAllocator allocator = AllocatorSetup.boot(scenario.machine(), tracer, simulation::nowNs);
    AllocatorSetup.traceZones(allocator, tracer);
    AllocatorSetup.start(allocator, scenario, simulation, tracer);
    MemoryPort port = new PageAllocatorPort(allocator);
    Machine machine = MachineSetup.build(scenario, simulation, tracer, port);
    machine.enableProcesses(new VmOptions(scenario.kernel().cowBug()), endPfn(allocator));
    simulation.addInvariantCheck("machine", machine::checkInvariants);
    simulation.addInvariantCheck("vm", () -> {
      Vm vm = machine.processes().vmIfStarted();
      if (vm != null) {
        vm.checkInvariants();
      }
    });
    simulation.setInvariantsEnabled(paranoid);
    machine.start();
    return new Built(allocator, machine);
  }

  private record Built(PageAllocator allocator, Machine machine) {}

  private static long endPfn(PageAllocator allocator) {
    long end = 0;
    for (dev.labyrinth.emulator.mm.Zone z : allocator.zones()) {
      end = Math.max(end, z.spec().endPfn());
    }
    return end;
  }

  private void traceMachine(Tracer tracer) {
    tracer.begin("machine", 0)
        .put("cpus", scenario.machine().cpus())
        .put("memory_bytes", scenario.machine().memoryBytes())
        .put("page_size", PageOrder.PAGE_SIZE_BYTES)
        .end();
  }
}

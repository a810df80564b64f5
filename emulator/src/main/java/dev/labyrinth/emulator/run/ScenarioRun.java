package dev.labyrinth.emulator.run;

import dev.labyrinth.emulator.machine.CallerPrefixTracer;
import dev.labyrinth.emulator.machine.MemoryPort;
import dev.labyrinth.emulator.machine.PageAllocatorPort;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.PageOrder;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.sim.RunResult;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;

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

  public ScenarioRun(Scenario scenario, long stepsMax) {
    this.scenario = scenario;
    this.stepsMax = stepsMax;
  }

  /** Runs the scenario, writing every record to {@code tracer}. */
  public RunOutcome execute(Tracer tracer) {
    Simulation simulation = new Simulation(scenario.seed());
    traceMachine(tracer);
    CallerPrefixTracer allocatorTracer = new CallerPrefixTracer(tracer);
    PageAllocator allocator =
        AllocatorSetup.boot(scenario.machine(), allocatorTracer, simulation::nowNs);
    AllocatorSetup.traceZones(allocator, tracer);
    MemoryPort port = new PageAllocatorPort(allocator, allocatorTracer, tracer, simulation::nowNs);
    MachineSetup.build(scenario, simulation, tracer, port).start();
    RunResult result = simulation.run(scenario.durationNs(), stepsMax);
    tracer.begin("run_end", result.nowNs())
        .put("reason", result.reason().name().toLowerCase(java.util.Locale.ROOT))
        .put("steps", result.steps())
        .end();
    return new RunOutcome(result.reason(), result.steps(), result.nowNs(), result.detail());
  }

  private void traceMachine(Tracer tracer) {
    tracer.begin("machine", 0)
        .put("cpus", scenario.machine().cpus())
        .put("memory_bytes", scenario.machine().memoryBytes())
        .put("page_size", PageOrder.PAGE_SIZE_BYTES)
        .end();
  }
}

package dev.labyrinth.emulator.run;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.machine.Machine;
import dev.labyrinth.emulator.machine.MemoryPort;
import dev.labyrinth.emulator.machine.PageAllocatorPort;
import dev.labyrinth.emulator.mm.PageAllocator;
import dev.labyrinth.emulator.mm.PageOrder;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.sim.RunResult;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.SimulationFailure;
import dev.labyrinth.emulator.sim.StopReason;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
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

  /** The {@code run_end} reason of a run stopped by {@link RunBudget#traceBytesMax()}. */
  public static final String TRACE_LIMIT = "trace_limit";

  /** Trace records a paranoid run keeps to show what led up to a broken invariant. */
  static final int LAST_RECORDS = 20;

  private final Scenario scenario;
  private final RunBudget budget;
  private final boolean paranoid;
  /** Test hook, package-private: runs on the simulation after the machine is built. */
  private Consumer<Simulation> afterBuild = simulation -> {};
  /** Called once the machine is built, before the first event ({@link #whenBuilt}). */
  private Runnable whenBuilt = () -> {};
  /** The tie-shuffle audit seed ({@code Simulation.setTieShuffleSeed}); empty: off. */
  private final OptionalLong tieShuffleSeed;

  public ScenarioRun(Scenario scenario, long stepsMax) {
    this(scenario, stepsMax, false);
  }

  /**
   * @param paranoid check every structure's invariants after every event; a violation stops the
   *     run with the seed, step and time (slow: for tests and {@code run --paranoid})
   */
  public ScenarioRun(Scenario scenario, long stepsMax, boolean paranoid) {
    this(scenario, RunBudget.ofSteps(stepsMax), paranoid);
  }

  /**
   * @param budget the event and trace-size limits; the run stops cleanly at either
   * @param paranoid as above; a failure then also carries the last {@value #LAST_RECORDS} records
   */
  public ScenarioRun(Scenario scenario, RunBudget budget, boolean paranoid) {
    this(scenario, budget, paranoid, OptionalLong.empty());
  }

  /**
   * @param auditTiesSeed if present, the tie-shuffle audit: same-instant, same-band events run in
   *     an order drawn from a stream with this seed instead of their scheduling order, to show
   *     whether the outcome depends on an order no band makes explicit. The trace bytes may
   *     change; the scenario's outcome counts must not.
   */
  public ScenarioRun(Scenario scenario, RunBudget budget, boolean paranoid,
      OptionalLong auditTiesSeed) {
    this.scenario = scenario;
    this.budget = budget;
    this.paranoid = paranoid;
    this.tieShuffleSeed = auditTiesSeed;
  }

  /** Runs the scenario, writing every record to {@code tracer}; no trace-size limit. */
  public RunOutcome execute(Tracer tracer) {
    return execute(tracer, () -> 0);
  }

  /**
   * Runs the scenario, writing every record to {@code tracer}, whose size so far
   * {@code traceBytes} tells, for the budget's trace limit.
   *
   * @throws RunFailure if an event crashes or, when paranoid, an invariant breaks
   */
  public RunOutcome execute(Tracer tracer, LongSupplier traceBytes) {
    Simulation simulation = new Simulation(scenario.seed());
    if (tieShuffleSeed.isPresent()) {
      simulation.setTieShuffleSeed(tieShuffleSeed.getAsLong());
    }
    RecentRecords recent = paranoid ? new RecentRecords(tracer, LAST_RECORDS) : null;
    Tracer inner = recent != null ? recent : tracer;
    TraceBudget limit = budget.traceBytesMax() == Long.MAX_VALUE ? null
        : new TraceBudget(inner, traceBytes, budget.traceBytesMax(), simulation);
    Tracer traced = limit != null ? limit : inner;
    traceMachine(traced);
    Machine machine = build(simulation, traced).machine();
    afterBuild.accept(simulation);
    whenBuilt.run();
    RunResult result;
    if (limit != null && limit.reached()) {
      result = new RunResult(StopReason.STOPPED, 0, 0, TRACE_LIMIT);
    } else {
      if (limit != null) {
        limit.arm();
      }
      try {
        result = simulation.run(scenario.durationNs(), budget.stepsMax());
      } catch (SimulationFailure failure) {
        throw new RunFailure(failure.getMessage(), failure.rootSeed(), failure.step(),
            failure.timeNs(), failure.invariant(),
            recent != null ? recent.lines() : ImmutableList.of(), failure.getCause());
      }
    }
    Vm vm = machine.processes().vmIfStarted();
    if (vm != null) {
      vm.traceVmstat(); // the run's COW counters, only when processes ran
    }
    tracer.begin("run_end", result.nowNs())
        .put("reason", reasonName(result))
        .put("steps", result.steps())
        .end();
    return new RunOutcome(result.reason(), result.steps(), result.nowNs(), result.detail());
  }

  /** The trace's name for why a run stopped: the stop reason, or {@code trace_limit}. */
  private static String reasonName(RunResult result) {
    if (result.reason() == StopReason.STOPPED && result.detail().equals(TRACE_LIMIT)) {
      return TRACE_LIMIT;
    }
    return result.reason().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Calls {@code hook} once per {@link #execute}, when the machine is built (boot records
   * written) and before the first event runs. For {@code labyrinth bench}, which times the boot
   * apart from the events within one run: on a large machine the boot is long and varies with
   * the garbage collector, so subtracting another run's boot from this one's time is too noisy.
   * The hook sees nothing of the model and must not change it.
   */
  public ScenarioRun whenBuilt(Runnable hook) {
    this.whenBuilt = hook;
    return this;
  }

  /** Test hook: {@code hook} runs on the simulation once the machine is built, before the run. */
  ScenarioRun afterBuild(Consumer<Simulation> hook) {
    this.afterBuild = hook;
    return this;
  }

  /**
   * Runs the scenario with tracing off until {@code atNs} (events at exactly {@code atNs} run)
   * and returns the allocator in that state, for {@code labyrinth inspect}. Devices and tasks
   * run as in {@link #execute}.
   */
  public PageAllocator allocatorAt(long atNs) {
    Simulation simulation = new Simulation(scenario.seed());
    PageAllocator allocator = build(simulation, Tracer.OFF).allocator();
    simulation.run(atNs, budget.stepsMax());
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
    FaultSetup.reclaim(allocator, scenario, simulation);
    MemoryPort port = new PageAllocatorPort(allocator);
    Machine machine = MachineSetup.build(scenario, simulation, tracer, port);
    allocator.setOomVictimSelector(machine.oomKiller());
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

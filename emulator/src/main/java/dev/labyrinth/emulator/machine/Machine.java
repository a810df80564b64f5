package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.Verify;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import dev.labyrinth.emulator.vm.VmOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The emulated machine around the allocator: CPUs, the interrupt controller, devices, tasks and
 * the per-CPU {@code ksoftirqd/N} threads. Build it (lines, devices, tasks), then {@link #start}.
 *
 * <p>Pids: idle tasks are 0, {@code ksoftirqd/N} is {@value #KSOFTIRQD_PID_BASE} + N, scenario
 * tasks get {@value #TASK_PID_BASE}, {@value #TASK_PID_BASE} + 1, ... in the order added.
 */
public final class Machine {
  public static final int KSOFTIRQD_PID_BASE = 100;
  public static final int TASK_PID_BASE = 1000;
  /** {@code sysctl_sched_base_slice}, 0.75 ms, before scaling by the CPU count. */
  public static final long BASE_SLICE_NS = 750_000;

  final Simulation sim;
  final Tracer tracer;
  final MemoryPort port;
  final InterruptController controller = new InterruptController();
  final ZoneLocks zoneLocks;
  final long sliceNs;
  private final Cpu[] cpus;
  private final Task[] ksoftirqds;
  private final List<Task> tasks = new ArrayList<>();
  private final TreeMap<String, Task> tasksByName = new TreeMap<>();
  private final List<Device> devices = new ArrayList<>();
  private final List<IrqStorm> storms = new ArrayList<>();
  private final List<Long> taskStartNs = new ArrayList<>();
  private boolean started;
  /** Tasks' processes, or null when {@link #enableProcesses} was not called. */
  Processes processes;
  long mightSleepCount;
  long allocFailures;
  // Bound once: evaluating a method reference to an instance method allocates each time, and
  // these are scheduled per sleep and per batch of held blocks.
  private final Action wakeTimerAction = this::onWakeTimer;
  private final Action holdExpiredAction = this::onHoldExpired;
  private final HeldBlockBatches heldBatches = new HeldBlockBatches();
  /** The batch later held blocks may join, or -1; see {@link #freeAfter}. */
  private int joinableBatch = -1;
  private long joinableBatchEventId;
  private long joinableBatchDueNs;

  public Machine(Simulation sim, Tracer tracer, MemoryPort port, int cpuCount) {
    checkArgument(cpuCount >= 1, "cpuCount %s", cpuCount);
    this.sim = checkNotNull(sim);
    this.tracer = checkNotNull(tracer);
    this.port = checkNotNull(port);
    this.sliceNs = defaultSliceNs(cpuCount);
    this.zoneLocks = new ZoneLocks(cpuCount);
    port.setZoneLockListener(zoneLocks);
    this.cpus = new Cpu[cpuCount];
    this.ksoftirqds = new Task[cpuCount];
    for (int i = 0; i < cpuCount; i++) {
      cpus[i] = new Cpu(i, this);
    }
    controller.attach(cpus);
    for (int i = 0; i < cpuCount; i++) {
      ksoftirqds[i] = register(new Task("ksoftirqd/" + i, KSOFTIRQD_PID_BASE + i, i,
          ImmutableList.of(), false, true), -1);
    }
  }

  /**
   * The slice: {@code sysctl_sched_base_slice} scaled as {@code update_sysctl()} does with the
   * default SCHED_TUNABLESCALING_LOG, by 1 + ilog2(min(cpus, 8)).
   */
  public static long defaultSliceNs(int cpuCount) {
    int factor = 1 + (31 - Integer.numberOfLeadingZeros(Math.min(cpuCount, 8)));
    return BASE_SLICE_NS * factor;
  }

  /**
   * What a {@code zone->lock} critical section holds the lock for: {@code baseNs} plus
   * {@code perBlockNs} per block it moves (see {@link ZoneLocks}; defaults 100 ns and 50 ns,
   * estimates).
   */
  public void setZoneLockCosts(long baseNs, long perBlockNs) {
    checkState(!started, "set zone lock costs before start()");
    zoneLocks.setCosts(baseNs, perBlockNs);
  }

  /** Adds an interrupt line with its handler; see {@link InterruptController}. */
  public IrqLine addLine(String name, int priority, Trigger trigger,
      ImmutableList<Integer> affinity, DeliveryPolicy policy, ImmutableList<Step> handler,
      ImmutableList<Step> softirqWork, int unhandledEvery) {
    checkState(!started, "add lines before start()");
    checkInterruptProgram(handler, name + " handler");
    checkInterruptProgram(softirqWork, name + " softirq work");
    return controller.addLine(name, priority, trigger, affinity, policy, handler, softirqWork,
        unhandledEvery);
  }

  /** Adds a device that raises {@code line} at the times {@code arrivals} gives. */
  public Device addDevice(String name, IrqLine line, ArrivalProcess arrivals) {
    checkState(!started, "add devices before start()");
    Device d = new Device(name, line, arrivals, sim, controller);
    devices.add(d);
    return d;
  }

  /**
   * Adds the {@code irq_storm} fault: {@code device}'s line raised every {@code everyNs} in
   * {@code [startNs, endNs)}, besides its own arrivals; see {@link IrqStorm}.
   */
  public void addIrqStorm(Device device, long everyNs, long startNs, long endNs) {
    checkState(!started, "add storms before start()");
    storms.add(new IrqStorm(device.name(), device.line(), everyNs, startNs, endNs, sim,
        controller, tracer));
  }

  /** Adds a task pinned to {@code cpu} that wakes first at {@code startNs}. */
  public Task addTask(String comm, int cpu, ImmutableList<Step> program, long startNs) {
    checkState(!started, "add tasks before start()");
    checkArgument(cpu >= 0 && cpu < cpus.length, "task %s: CPU %s does not exist", comm, cpu);
    checkArgument(startNs >= 0, "startNs %s", startNs);
    checkArgument(!tasksByName.containsKey(comm), "duplicate task name %s", comm);
    checkTaskProgram(program, 0);
    int pid = TASK_PID_BASE + tasks.size() - cpus.length;
    return register(new Task(comm, pid, cpu, program, false, false), startNs);
  }

  /**
   * Lets tasks run process steps ({@link Step.Process}) against one vm over this machine's
   * port, created at the first such step. {@code endPfn} is one past the highest pfn the port
   * can return.
   */
  public void enableProcesses(VmOptions options, long endPfn) {
    checkState(!started, "enable processes before start()");
    processes = new Processes(this, options, endPfn);
  }

  /** The tasks' processes; {@link #enableProcesses} must have been called. */
  public Processes processes() {
    checkState(processes != null, "processes are not enabled on this machine");
    return processes;
  }

  /** The pid the next task (added or forked) gets. */
  int nextTaskPid() {
    return TASK_PID_BASE + tasks.size() - cpus.length;
  }

  /**
   * {@code copy_process()} for a fork step: a new task with the parent's comm on {@code cpu},
   * running {@code program}, not yet woken. It is not found by name ({@code wake} steps name
   * scenario tasks).
   */
  Task forkTask(Task parent, int cpu, ImmutableList<Step> program) {
    checkArgument(cpu >= 0 && cpu < cpus.length, "fork of %s: CPU %s does not exist",
        parent.comm, cpu);
    Task t = new Task(parent.comm, nextTaskPid(), cpu, program, false, false);
    tasks.add(t);
    taskStartNs.add(-1L);
    return t;
  }

  private Task register(Task t, long startNs) {
    tasks.add(t);
    taskStartNs.add(startNs);
    tasksByName.put(t.comm, t);
    return t;
  }

  private static void checkInterruptProgram(ImmutableList<Step> program, String what) {
    for (Step s : program) {
      checkArgument(!(s instanceof Step.Sleep || s instanceof Step.Wait
          || s instanceof Step.Loop || s instanceof Step.IrqsOff || s instanceof Step.Process),
          "%s: %s is not allowed in interrupt context", what, s);
    }
  }

  private void checkTaskProgram(ImmutableList<Step> program, int depth) {
    checkArgument(depth < 16, "loops nest deeper than 16");
    for (Step s : program) {
      if (s instanceof Step.Loop loop) {
        checkTaskProgram(loop.body(), depth + 1);
      }
    }
  }

  /** Starts the devices and schedules each task's first wake-up. */
  public void start() {
    checkState(!started, "already started");
    started = true;
    for (IrqLine line : controller.lines()) {
      checkWakeTargets(line.handler);
      checkWakeTargets(line.softirqWork);
    }
    for (int i = 0; i < tasks.size(); i++) {
      if (taskStartNs.get(i) >= 0) {
        sim.schedule(taskStartNs.get(i), Band.CPU, wakeTimerAction, i);
      }
    }
    for (Device d : devices) {
      d.start();
    }
    for (IrqStorm storm : storms) {
      storm.start();
    }
  }

  private void checkWakeTargets(ImmutableList<Step> program) {
    for (Step s : program) {
      if (s instanceof Step.Wake w) {
        checkArgument(tasksByName.containsKey(w.task()), "wake: no task named %s", w.task());
      }
    }
  }

  // ---- accessors ----

  public Cpu cpu(int id) {
    return cpus[id];
  }

  public int cpuCount() {
    return cpus.length;
  }

  public InterruptController controller() {
    return controller;
  }

  /** The task named {@code comm} (scenario tasks and {@code ksoftirqd/N}). */
  public Task task(String comm) {
    Task t = tasksByName.get(comm);
    checkArgument(t != null, "no task named %s", comm);
    return t;
  }

  /** Every task, kernel threads first, then scenario tasks in pid order. */
  List<Task> tasks() {
    return tasks;
  }

  Task taskByPid(int pid) {
    for (Task t : tasks) {
      if (t.pid == pid) {
        return t;
      }
    }
    throw new IllegalArgumentException("no task with pid " + pid);
  }

  /**
   * The OOM killer over this machine's tasks, for {@code PageAllocator.setOomVictimSelector}; see
   * {@link TaskOomKiller}.
   */
  public dev.labyrinth.emulator.mm.OomVictimSelector oomKiller() {
    return new TaskOomKiller(this);
  }

  /** Whether the task named {@code comm} was chosen by the OOM killer. */
  public boolean oomKilled(String comm) {
    return task(comm).oomKilled;
  }

  Task ksoftirqd(int cpu) {
    return ksoftirqds[cpu];
  }

  /** How many times might_sleep reported a blocking allocation in atomic context. */
  public long mightSleepCount() {
    return mightSleepCount;
  }

  /** Zone lock sections that had to spin because another CPU held (or was promised) the lock. */
  public long zoneLockSpins() {
    return zoneLocks.spins();
  }

  /** Total time CPUs spun on zone locks. */
  public long zoneLockWaitTotalNs() {
    return zoneLocks.waitTotalNs();
  }

  /** The longest single zone lock spin. */
  public long zoneLockWaitMaxNs() {
    return zoneLocks.waitMaxNs();
  }

  /** Allocation calls that returned no block. */
  public long allocFailures() {
    return allocFailures;
  }

  // ---- wake-ups and deferred frees ----

  /** {@code try_to_wake_up()}: a sleeping or blocked task becomes runnable on its CPU. */
  void wake(Task t, Cpu waker) {
    if (t.state != TaskState.SLEEPING && t.state != TaskState.BLOCKED) {
      return;
    }
    if (t.wakeEventId != 0) {
      sim.cancel(t.wakeEventId);
      t.wakeEventId = 0;
    }
    Cpu target = cpus[t.cpu];
    t.state = TaskState.RUNNABLE;
    target.scheduler.runQueue.addLast(t);
    // No context prefix: Linux's own fields are comm and pid (the woken task's), which the
    // prefix would repeat as duplicate JSON keys.
    Tracer.Record r = tracer.begin("sched_wakeup", sim.nowNs());
    r.put("comm", t.comm).put("pid", t.pid).put("prio", t.prio).put("target_cpu", t.cpu).end();
    target.scheduler.requestResched();
  }

  /** Wakes {@code t} after {@code delayNs} (sleep end, wait timeout, end of a block). */
  void wakeAfter(Task t, long delayNs) {
    int index = tasks.indexOf(t);
    Verify.verify(index >= 0, "unknown task %s", t.comm);
    t.wakeEventId = sim.scheduleAfter(delayNs, Band.CPU, wakeTimerAction, index);
  }

  private void onWakeTimer(long nowNs, long index) {
    Task t = tasks.get((int) index);
    t.wakeEventId = 0;
    wake(t, null);
  }

  /**
   * Frees a held block {@code holdNs} from now. Simplification: the consumer that releases it is
   * not emulated, so the free runs on no CPU and costs no CPU time.
   *
   * <p>Blocks due at the same instant share one event when nothing else was scheduled between
   * them (the blocks of one {@code alloc} step with a {@code count}): their per-block events
   * would have had consecutive ids at the same (time, band), so no other event could run between
   * them, and one event freeing them in the same order writes the same records. Only the number
   * of executed events changes (and, in the tie-shuffle audit, the blocks of a batch are no
   * longer shuffled among themselves).
   */
  void freeAfter(long pfn, int order, long holdNs) {
    long packed = (pfn << 6) | order;
    long nowNs = sim.nowNs();
    if (joinableBatch >= 0
        && joinableBatchEventId == sim.lastScheduledId()
        && holdNs <= Long.MAX_VALUE - nowNs
        && joinableBatchDueNs == nowNs + holdNs) {
      heldBatches.append(joinableBatch, packed);
      return;
    }
    int batch = heldBatches.open(packed);
    joinableBatchEventId = sim.scheduleAfter(holdNs, Band.DEFERRED, holdExpiredAction, batch);
    joinableBatch = batch;
    joinableBatchDueNs = nowNs + holdNs;
  }

  /** Frees the blocks of a batch in the order they were held. */
  private void onHoldExpired(long nowNs, long batchArg) {
    int batch = (int) batchArg;
    if (batch == joinableBatch) {
      joinableBatch = -1; // it is running: later blocks must not join it
    }
    for (int i = 0, n = heldBatches.size(batch); i < n; i++) {
      long packed = heldBatches.block(batch, i);
      port.free(Caller.NONE, packed >>> 6, (int) (packed & 0x3F));
    }
    heldBatches.release(batch);
  }

  /** Held blocks' batches still waiting for their free event; for tests. */
  int heldBatchesPending() {
    return heldBatches.openBatches();
  }

  /** Verifies every CPU and the controller; register with {@code Simulation.addInvariantCheck}. */
  public void checkInvariants() {
    for (Cpu c : cpus) {
      c.checkInvariants();
    }
    controller.checkInvariants();
    zoneLocks.checkInvariants();
    for (Task t : tasks) {
      boolean queued = cpus[t.cpu].scheduler.runQueue.contains(t);
      Verify.verify(queued == (t.state == TaskState.RUNNABLE), "task %s is %s but %s queued",
          t.comm, t.state, queued ? "is" : "is not");
      Verify.verify((t.state == TaskState.RUNNING) == (cpus[t.cpu].current == t),
          "task %s is %s on CPU %s", t.comm, t.state, t.cpu);
    }
  }
}

package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.mm.ExecContext;

import com.google.common.base.Verify;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.Locale;

/**
 * One emulated CPU: a current task, at most one softirq invocation above it and at most one
 * hardirq handler above that, run as a stack of frames of which only the top one advances.
 *
 * <p>Mirrors: hardirq entry adds {@code HARDIRQ_OFFSET} to {@code preempt_count} and runs the
 * handler with IRQs off, so handlers never nest; {@code irq_exit()} runs pending softirqs when not
 * already in softirq ({@code invoke_softirq()}), with IRQs on so hardirqs preempt them (the
 * softirqs themselves: {@link SoftirqEngine}; the steps a frame runs: {@link StepRunner}; where
 * the time went: {@link CpuTime}; the run queue and slice: {@link CpuScheduler}). A task holding
 * the pcp lock or a zone lock, or with IRQs off, is not preempted.
 *
 * <p>Same-instant order: interrupt delivery ({@link Band#IRQ_DELIVERY}) runs before a segment end
 * of the same nanosecond ({@link Band#CPU}, or {@link Band#DEFERRED} for softirq work), so an
 * interrupt that arrives exactly as an allocation's critical section ends still finds the lock
 * held: the lock is released by the segment end, which has not run yet.
 */
public final class Cpu {
  /** {@code HARDIRQ_OFFSET} and {@code SOFTIRQ_OFFSET} of include/linux/preempt.h. */
  static final int HARDIRQ_OFFSET = 1 << 16;
  static final int SOFTIRQ_OFFSET = 1 << 8;

  /** How far one dispatch may loop without yielding; a bound against model bugs. */
  private static final int DISPATCH_STEPS_MAX = 1_000_000;

  final int id;
  private final Machine machine;
  private final Simulation sim;
  private final Tracer tracer;
  final Task idle;
  Task current;

  private IrqLine servingLine;
  private Runner hardirqRunner;
  final SoftirqEngine softirqs;
  final StepRunner steps;
  final CpuScheduler scheduler;

  private boolean deliveryRequested;
  private long segmentToken;
  /** The runner whose segment holds this CPU's per-CPU list lock, or null. */
  Runner pcpHolder;
  /** The runner whose segment spins on or holds a {@code zone->lock} (IRQs off), or null. */
  Runner zoneLockHolder;

  private final CpuTime time = new CpuTime();
  /** The last {@link Caller} made for each {@link ExecContext}, by ordinal (see {@link #caller}). */
  private final Caller[] lastCallers = new Caller[ExecContext.values().length];
  // The event actions, bound once: a method reference to an instance method allocates an object
  // each time it is evaluated, and these are scheduled several times per interrupt.
  private final Action deliveryAction = this::onDelivery;
  private final Action segmentEndAction = this::onSegmentEnd;

  Cpu(int id, Machine machine) {
    this.id = id;
    this.machine = machine;
    this.sim = machine.sim;
    this.tracer = machine.tracer;
    this.idle = new Task("swapper/" + id, 0, id, ImmutableList.of(), true, false);
    this.idle.state = TaskState.RUNNING;
    this.current = idle;
    this.softirqs = new SoftirqEngine(this, machine);
    this.steps = new StepRunner(this, machine);
    this.scheduler = new CpuScheduler(this, machine);
  }

  // ---- observers ----

  public int id() {
    return id;
  }

  public Task currentTask() {
    return current;
  }

  /** The context the topmost frame runs in. */
  public ExecContext context() {
    return servingLine != null ? ExecContext.HARDIRQ
        : softirqs.frame() != null ? ExecContext.SOFTIRQ : ExecContext.TASK;
  }

  /**
   * {@code irqs_disabled()}: in a handler, the current task turned IRQs off, or a zone lock is
   * being taken or held ({@code spin_lock_irqsave()}).
   */
  public boolean irqsDisabled() {
    return servingLine != null || current.irqsOff || zoneLockHolder != null;
  }

  /** {@code preempt_count()}: hardirq and softirq offsets plus preemption disabled by locks. */
  public int preemptCount() {
    return (servingLine != null ? HARDIRQ_OFFSET : 0) + (softirqs.frame() != null ? SOFTIRQ_OFFSET : 0)
        + current.preemptDisabled + (zoneLockHolder != null ? 1 : 0);
  }

  /** The line whose handler runs here, or null. */
  public IrqLine servingLine() {
    return servingLine;
  }

  /** Whether this CPU spins on or holds a zone lock now. */
  public boolean zoneLockHeld() {
    return zoneLockHolder != null;
  }

  /** Whether this CPU's per-CPU page list lock is held now. */
  public boolean pcpLockHeld() {
    return pcpHolder != null;
  }

  public int runQueueLength() {
    return scheduler.runQueue.size();
  }

  /** Time spent idle, in tasks, in softirqs and in hardirq handlers, accounted up to now. */
  public long idleNs() {
    account(sim.nowNs());
    return time.ns(CpuTime.IDLE);
  }

  public long taskNs() {
    account(sim.nowNs());
    return time.ns(CpuTime.TASK);
  }

  public long softirqNs() {
    account(sim.nowNs());
    return time.ns(CpuTime.SOFTIRQ);
  }

  public long hardirqNs() {
    account(sim.nowNs());
    return time.ns(CpuTime.HARDIRQ);
  }

  /** Interrupt load for least-loaded delivery: 1 in a handler, 1 in softirq. */
  int interruptLoad() {
    return (servingLine != null ? 1 : 0) + (softirqs.frame() != null ? 1 : 0);
  }

  // ---- interrupt delivery ----

  /** The controller has a line for this CPU: look at it in the IRQ_DELIVERY band of now. */
  void requestDelivery() {
    if (!deliveryRequested) {
      deliveryRequested = true;
      sim.schedule(sim.nowNs(), Band.IRQ_DELIVERY, deliveryAction, 0);
    }
  }

  private void onDelivery(long nowNs, long unused) {
    deliveryRequested = false;
    if (irqsDisabled()) {
      return; // retried at the handler's exit or when the task turns IRQs on again
    }
    IrqLine line = machine.controller.nextFor(id);
    if (line == null) {
      return;
    }
    account(nowNs);
    pauseTop(nowNs);
    long raisedAtNs = machine.controller.startService(line, id);
    servingLine = line;
    hardirqRunner = line.handlerRunner;
    hardirqRunner.restart();
    record("irq_handler_entry").put("irq", line.irq).put("name", line.name)
        .put("latency_ns", nowNs - raisedAtNs).end();
    dispatch();
  }

  private void exitHardirq() {
    long nowNs = sim.nowNs();
    account(nowNs);
    IrqLine line = servingLine;
    boolean handled = line.unhandledEvery == 0 || line.delivered % line.unhandledEvery != 0;
    if (!handled) {
      line.unhandled++;
    }
    record("irq_handler_exit").put("irq", line.irq).put("ret", handled ? "handled" : "unhandled")
        .end();
    servingLine = null;
    hardirqRunner = null;
    machine.controller.endOfInterrupt(line);
    // irq_exit() -> invoke_softirq(): only when not interrupting a softirq already.
    if (softirqs.frame() == null && softirqs.anyPending()) {
      softirqs.start(false);
    }
    requestDelivery(); // IRQs are on again; a line that waited is taken now
  }

  // ---- the frame stack ----

  private Runner topRunner() {
    if (servingLine != null) {
      return hardirqRunner;
    }
    if (softirqs.frame() != null) {
      return softirqs.frame().runner;
    }
    return current.idle ? null : current.runner;
  }

  /** Stops the top frame's running segment, keeping the CPU time it has left. */
  void pauseTop(long nowNs) {
    Runner r = topRunner();
    if (r != null && r.segmentScheduled()) {
      sim.cancel(r.segmentEventId);
      r.segmentEventId = 0;
      r.remainingNs = r.segmentEndNs - nowNs;
    }
  }

  /** Whether the scheduler may switch the current task out now. */
  boolean preemptible() {
    return servingLine == null && softirqs.frame() == null && current.preemptDisabled == 0
        && !current.irqsOff && zoneLockHolder == null;
  }

  /** Runs the top frame until it needs CPU time, finishing and popping frames as they end. */
  void dispatch() {
    for (int loops = 0; ; loops++) {
      Verify.verify(loops < DISPATCH_STEPS_MAX, "CPU %s dispatch does not settle", id);
      if (servingLine != null) {
        if (steps.advance(hardirqRunner, ExecContext.HARDIRQ) == StepRunner.Yield.SEGMENT) {
          return;
        }
        exitHardirq();
        continue;
      }
      if (softirqs.frame() != null) {
        if (softirqs.step()) {
          return;
        }
        softirqs.end();
        continue;
      }
      if (scheduler.needResched() && preemptible()) {
        scheduler.schedule();
        continue;
      }
      if (current.idle) {
        return;
      }
      if (current.ksoftirqd) {
        if (softirqs.anyPending()) {
          softirqs.start(true);
        } else {
          current.state = TaskState.SLEEPING;
          scheduler.schedule();
        }
        continue;
      }
      StepRunner.Yield y = steps.advance(current.runner, ExecContext.TASK);
      if (y == StepRunner.Yield.SEGMENT) {
        return;
      }
      if (y == StepRunner.Yield.DONE) {
        exitTask();
      }
      scheduler.schedule();
    }
  }

  private void exitTask() {
    Caller caller = caller(ExecContext.TASK);
    for (long b = current.kept.pollOldest(); b != KeptBlocks.NONE;
        b = current.kept.pollOldest()) {
      machine.port.free(caller, KeptBlocks.pfnOf(b), KeptBlocks.orderOf(b));
    }
    if (machine.processes != null) {
      machine.processes.taskExited(this, current);
    }
    machine.zoneLocks.discard(id); // simplification: an exit's frees take no zone lock time
    current.state = TaskState.DEAD;
  }

  void scheduleSegment(Runner r, ExecContext ctx) {
    r.segmentEndNs = Math.addExact(sim.nowNs(), r.remainingNs);
    Band band = ctx == ExecContext.SOFTIRQ ? Band.DEFERRED : Band.CPU;
    r.segmentEventId = sim.schedule(r.segmentEndNs, band, segmentEndAction, ++segmentToken);
  }

  private void onSegmentEnd(long nowNs, long token) {
    Verify.verify(token == segmentToken, "CPU %s: stale segment end %s", id, token);
    Runner r = topRunner();
    Verify.verify(r != null && r.segmentScheduled() && r.segmentEndNs == nowNs,
        "CPU %s: segment end for a runner that is not on top", id);
    r.segmentEventId = 0;
    r.remainingNs = 0;
    dispatch();
  }

  /**
   * Who calls the allocator from this CPU now, running in {@code ctx}. A {@link Caller} is
   * immutable; the last one made for each context is handed out again while its task, IRQ state
   * and lock state are unchanged, so an allocation or free does not build one (and the port can
   * recognise it and reuse the allocator context it built from it).
   */
  Caller caller(ExecContext ctx) {
    boolean irqsOff = irqsDisabled();
    boolean pcpHeld = pcpHolder != null;
    Caller last = lastCallers[ctx.ordinal()];
    if (last != null && last.comm() == current.comm && last.pid() == current.pid
        && last.irqsDisabled() == irqsOff && last.pcpLockHeld() == pcpHeld) {
      return last;
    }
    Caller made = new Caller(id, ctx, current.comm, current.pid, irqsOff, pcpHeld);
    lastCallers[ctx.ordinal()] = made;
    return made;
  }

  // ---- accounting and tracing ----

  /** Charges the time since the last charge to the context running now. */
  void account(long nowNs) {
    int kind = servingLine != null ? CpuTime.HARDIRQ : softirqs.frame() != null ? CpuTime.SOFTIRQ
        : current.idle ? CpuTime.IDLE : CpuTime.TASK;
    long deltaNs = time.charge(nowNs, kind);
    if (kind == CpuTime.TASK) {
      current.runtimeNs += deltaNs;
    }
  }

  /** Starts a trace record with this CPU's context prefix (the context running now). */
  Tracer.Record record(String event) {
    return record(event, context());
  }

  /** Starts a trace record with this CPU's context prefix for code running in {@code ctx}. */
  Tracer.Record record(String event, ExecContext ctx) {
    return tracer.begin(event, sim.nowNs()).put("cpu", id).put("ctx", ctx.traceName())
        .put("comm", current.comm).put("pid", current.pid);
  }

  /** Verifies the frame stack, preempt state, lock and run queue of this CPU. */
  public void checkInvariants() {
    Verify.verify((servingLine == null) == (hardirqRunner == null), "CPU %s hardirq frame", id);
    Verify.verify(current.state == TaskState.RUNNING, "CPU %s current %s is %s", id, current.comm,
        current.state);
    Verify.verify(current.idle || current.cpu == id, "CPU %s runs %s of CPU %s", id, current.comm,
        current.cpu);
    Verify.verify(!current.irqsOff || servingLine == null, "CPU %s took an IRQ with IRQs off", id);
    Runner top = topRunner();
    Verify.verify(current.runner == top || !current.runner.segmentScheduled(),
        "CPU %s: a task segment runs under an interrupt frame", id);
    SoftirqFrame softirq = softirqs.frame();
    Verify.verify(softirq == null || softirq.runner == top || softirq.runner == null
        || !softirq.runner.segmentScheduled(), "CPU %s: softirq segment under a hardirq", id);
    Verify.verify(pcpHolder == null || pcpHolder.segmentHoldsPcpLock, "CPU %s pcp holder", id);
    Verify.verify(zoneLockHolder == null
        || zoneLockHolder.segmentHoldsZoneLock && zoneLockHolder == top,
        "CPU %s: a zone lock section is not the running segment", id);
    Verify.verify(zoneLockHolder != null || !machine.zoneLocks.pending(id),
        "CPU %s: a zone lock section waits but none runs", id);
    Verify.verify(current.preemptDisabled == (pcpHolder == current.runner ? 1 : 0),
        "CPU %s: %s has preemption disabled %s times", id, current.comm, current.preemptDisabled);
    for (Task t : scheduler.runQueue) {
      Verify.verify(t.state == TaskState.RUNNABLE && t.cpu == id && t != current && !t.idle,
          "CPU %s run queue holds %s in state %s", id, t.comm, t.state);
    }
    time.checkInvariants(id, sim.nowNs());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "cpu%d[%s %s pc=%x]", id, current.comm, context(),
        preemptCount());
  }
}

package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.mm.ExecContext;
import java.util.ArrayDeque;

/**
 * One CPU's softirqs: the pending mask, the work queued per vector, and the running
 * {@code __do_softirq()} invocation ({@link SoftirqFrame}) when there is one.
 *
 * <p>Mirrors: {@code raise_softirq()} marks a vector pending and, outside interrupt context,
 * wakes {@code ksoftirqd/N}; {@code __do_softirq()} serves vectors lowest first, restarts while
 * time (2 ms) and restarts (10) remain and nothing needs the CPU, and otherwise wakes
 * {@code ksoftirqd/N}.
 */
final class SoftirqEngine {
  private final Cpu cpu;
  private final Machine machine;
  /** The running invocation, or null. */
  private SoftirqFrame frame;
  /** The one frame object {@link #frame} points to while an invocation runs (reused). */
  private final SoftirqFrame reusedFrame = new SoftirqFrame();
  private int pending;
  @SuppressWarnings("unchecked")
  private final ArrayDeque<Runner>[] workByVec = new ArrayDeque[Softirq.values().length];

  SoftirqEngine(Cpu cpu, Machine machine) {
    this.cpu = cpu;
    this.machine = machine;
    for (int v = 0; v < workByVec.length; v++) {
      workByVec[v] = new ArrayDeque<>();
    }
  }

  /** The running invocation, or null when no softirq runs on this CPU. */
  SoftirqFrame frame() {
    return frame;
  }

  /** Whether some vector is raised and not yet being served. */
  boolean anyPending() {
    return pending != 0;
  }

  /** {@code raise_softirq()}: mark {@code vec} pending and queue {@code work} for it. */
  void raise(Softirq vec, Runner work, ExecContext ctx) {
    pending |= 1 << vec.vec();
    if (work != null) {
      workByVec[vec.vec()].addLast(work);
    }
    cpu.record("softirq_raise", ctx).put("vec", vec.vec()).put("action", vec.name()).end();
    if (cpu.servingLine() == null && frame == null) {
      wakeKsoftirqd(); // raise_softirq() outside interrupt context wakes ksoftirqd
    }
  }

  /** Starts an invocation over the pending vectors, from irq exit or in ksoftirqd. */
  void start(boolean inKsoftirqd) {
    long nowNs = machine.sim.nowNs();
    cpu.account(nowNs);
    reusedFrame.begin(nowNs, pending, inKsoftirqd);
    frame = reusedFrame;
    pending = 0;
  }

  /** Ends the invocation. */
  void end() {
    cpu.account(machine.sim.nowNs());
    frame = null;
  }

  /** Advances the invocation; true when it waits for a segment to end. */
  boolean step() {
    SoftirqFrame f = frame;
    while (true) {
      if (f.runner != null) {
        if (cpu.steps.advance(f.runner, ExecContext.SOFTIRQ) == StepRunner.Yield.SEGMENT) {
          return true;
        }
        if (f.runner.pool != null) {
          f.runner.pool.give(f.runner); // ended: the next raise of its handler reuses it
        }
        f.runner = null;
      }
      if (f.vec >= 0 && !f.work.isEmpty()) {
        f.runner = f.work.pollFirst();
        continue;
      }
      if (f.vec >= 0) {
        cpu.record("softirq_exit").put("vec", f.vec).put("action", Softirq.ofVec(f.vec).name())
            .end();
        f.mask &= ~(1 << f.vec);
        f.vec = -1;
      }
      if (f.mask != 0) {
        f.vec = Integer.numberOfTrailingZeros(f.mask);
        cpu.record("softirq_entry").put("vec", f.vec).put("action", Softirq.ofVec(f.vec).name())
            .end();
        // Moved one by one: ArrayDeque.addAll builds a method reference object per call.
        ArrayDeque<Runner> queued = workByVec[f.vec];
        for (Runner w = queued.pollFirst(); w != null; w = queued.pollFirst()) {
          f.work.addLast(w);
        }
        continue;
      }
      if (pending == 0) {
        return false;
      }
      if (machine.sim.nowNs() < f.deadlineNs && !cpu.scheduler.needResched() && --f.restartsLeft > 0) {
        f.mask = pending;
        pending = 0;
        continue;
      }
      wakeKsoftirqd();
      return false;
    }
  }

  private void wakeKsoftirqd() {
    Task k = machine.ksoftirqd(cpu.id);
    if (k.state == TaskState.SLEEPING) {
      machine.wake(k, cpu);
    }
  }
}

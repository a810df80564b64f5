package dev.labyrinth.emulator.machine;

import com.google.common.base.Verify;
import dev.labyrinth.emulator.sim.Action;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import java.util.ArrayDeque;

/**
 * One CPU's scheduler: its run queue, the time slice and {@code need_resched}. Simplification of
 * EEVDF: round robin with a fixed slice, no vruntime, no wakeup preemption, no load balancing
 * (tasks are pinned). A task is switched out only where {@link Cpu} finds it preemptible (not
 * in an interrupt frame, no pcp or zone lock held, IRQs on), at a slice end or when it leaves.
 */
final class CpuScheduler {
  private final Cpu cpu;
  private final Machine machine;
  private final Simulation sim;
  /** Runnable tasks of this CPU, in the order they run next. */
  final ArrayDeque<Task> runQueue = new ArrayDeque<>();
  private boolean needResched;
  private boolean reschedRequested;
  // Bound once: evaluating a method reference to an instance method allocates each time.
  private final Action reschedAction = this::onResched;
  private final Action sliceEndAction = this::onSliceEnd;
  private long sliceEventId;
  private long sliceToken;

  CpuScheduler(Cpu cpu, Machine machine) {
    this.cpu = cpu;
    this.machine = machine;
    this.sim = machine.sim;
  }

  /** {@code need_resched()}: the scheduler wants to switch tasks at the next chance. */
  boolean needResched() {
    return needResched;
  }

  /** A task became runnable here: an idle CPU picks it up at once. */
  void requestResched() {
    if (cpu.current.idle && !reschedRequested) {
      reschedRequested = true;
      sim.schedule(sim.nowNs(), Band.CPU, reschedAction, 0);
    }
  }

  private void onResched(long nowNs, long unused) {
    reschedRequested = false;
    if (cpu.current.idle && !runQueue.isEmpty()) {
      needResched = true;
      if (cpu.servingLine() == null && cpu.softirqs.frame() == null) {
        cpu.dispatch();
      }
    }
  }

  /** {@code __schedule()}: the current task leaves (preempted, sleeping, dead), the next runs. */
  void schedule() {
    long nowNs = sim.nowNs();
    cpu.account(nowNs);
    needResched = false;
    if (sliceEventId != 0) {
      sim.cancel(sliceEventId);
      sliceEventId = 0;
    }
    Task prev = cpu.current;
    boolean preempted = prev.state == TaskState.RUNNING && !prev.idle;
    if (preempted) {
      prev.state = TaskState.RUNNABLE;
      runQueue.addLast(prev);
    }
    Task next = runQueue.pollFirst();
    if (next == null) {
      next = cpu.idle;
    }
    if (next == prev) {
      prev.state = TaskState.RUNNING;
      armSlice();
      return;
    }
    cpu.pauseTop(nowNs);
    cpu.record("sched_switch")
        .put("prev_comm", prev.comm).put("prev_pid", prev.pid).put("prev_prio", prev.prio)
        .put("prev_state", preempted ? "R+" : prev.idle ? "R" : prev.state.letter())
        .put("next_comm", next.comm).put("next_pid", next.pid).put("next_prio", next.prio)
        .end();
    cpu.current = next;
    next.state = TaskState.RUNNING;
    armSlice();
  }

  private void armSlice() {
    if (!cpu.current.idle) {
      sliceEventId = sim.scheduleAfter(machine.sliceNs, Band.CPU, sliceEndAction, ++sliceToken);
    }
  }

  private void onSliceEnd(long nowNs, long token) {
    Verify.verify(token == sliceToken, "CPU %s: stale slice end", cpu.id);
    sliceEventId = 0;
    if (runQueue.isEmpty()) {
      armSlice();
      return;
    }
    needResched = true;
    if (cpu.preemptible()) {
      cpu.dispatch();
    }
  }
}

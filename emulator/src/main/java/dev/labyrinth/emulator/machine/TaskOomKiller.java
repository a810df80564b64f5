package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.mm.AllocContext;
import dev.labyrinth.emulator.mm.OomVictim;
import dev.labyrinth.emulator.mm.OomVictimSelector;
import java.util.Optional;

/**
 * The OOM killer's view of the machine's tasks: {@code select_bad_process()} with a much reduced
 * {@code oom_badness()}, and {@code oom_kill_process()}.
 *
 * <p>Badness mirrors {@code oom_badness()} roughly: the points are the task's rss, here the pages
 * of the blocks it keeps (Linux adds swap entries and page-table pages, then
 * {@code oom_score_adj}, which Labyrinth does not have); the highest wins and a tie goes to the
 * lower pid (Linux keeps the first task of its walk with the highest points, which is the lower
 * pid for tasks forked in order). Kernel threads (ksoftirqd) and idle tasks are never chosen, as
 * tasks without an mm are not; a task already killed is skipped rather than making the OOM
 * killer wait for it ({@code oom_evaluate_task()} aborts instead); a task with no pages is not
 * chosen, since killing it would free nothing.
 *
 * <p>The kill frees the victim's kept blocks at once, on no CPU, as if the oom_reaper ran in no
 * time; the victim itself exits at its next step boundary (Linux: when it returns towards user
 * space with SIGKILL pending), and a sleeping victim is woken for that. A victim blocked in direct
 * reclaim finishes its current reclaim batch first. Blocks it put on the LRU are not its to free
 * (see {@link Step.Alloc}).
 */
final class TaskOomKiller implements OomVictimSelector {
  private final Machine machine;

  TaskOomKiller(Machine machine) {
    this.machine = machine;
  }

  @Override
  public Optional<OomVictim> select(AllocContext caller, int order, int gfpMask) {
    Task best = null;
    for (Task t : machine.tasks()) {
      if (t.idle || t.ksoftirqd || t.state == TaskState.DEAD || t.oomKilled
          || t.kept.pages() == 0) {
        continue;
      }
      if (best == null || t.kept.pages() > best.kept.pages()
          || (t.kept.pages() == best.kept.pages() && t.pid < best.pid)) {
        best = t;
      }
    }
    return best == null ? Optional.empty()
        : Optional.of(new OomVictim(best.pid, best.comm, best.kept.pages()));
  }

  @Override
  public void kill(OomVictim victim) {
    Task t = machine.taskByPid(victim.pid());
    t.oomKilled = true;
    for (long b = t.kept.pollOldest(); b != KeptBlocks.NONE; b = t.kept.pollOldest()) {
      machine.port.free(Caller.NONE, KeptBlocks.pfnOf(b), KeptBlocks.orderOf(b));
    }
    if (t.state == TaskState.SLEEPING) {
      machine.wake(t, null);
    }
  }
}

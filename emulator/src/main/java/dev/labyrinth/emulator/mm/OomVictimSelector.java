package dev.labyrinth.emulator.mm;

import java.util.Optional;

/**
 * The part of {@code out_of_memory()} (mm/oom_kill.c) that knows the tasks: the machine
 * implements it. The allocator calls {@link #select} when the slow path reaches the OOM killer
 * and, if a victim is returned, traces {@code oom_kill}, counts {@code oom_kill} and calls
 * {@link #kill}, which must end the task and free its memory (through
 * {@link PageAllocator#free}) before returning. Then the allocation retries.
 *
 * <p>Simplification: the kill is immediate (no oom_reaper, no exit latency, no victim's
 * ALLOC_OOM access to reserves). Where Linux panics because nothing is killable, Labyrinth's
 * allocation fails instead.
 */
public interface OomVictimSelector {

  /** No tasks to kill: every OOM ends in a failed allocation. The default. */
  OomVictimSelector NONE = new OomVictimSelector() {
    @Override
    public Optional<OomVictim> select(AllocContext caller, int order, int gfpMask) {
      return Optional.empty();
    }

    @Override
    public void kill(OomVictim victim) {
      throw new IllegalStateException("no victim was selected");
    }
  };

  /** {@code select_bad_process()}: the task to kill, or empty when none is eligible. */
  Optional<OomVictim> select(AllocContext caller, int order, int gfpMask);

  /** {@code oom_kill_process()}: kills the victim and frees its pages now. */
  void kill(OomVictim victim);
}

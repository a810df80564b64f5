package dev.labyrinth.emulator.machine;

/**
 * The one door between the machine and the page allocator: every allocation and free the
 * emulated CPUs make goes through it, with the caller's context, as Linux callers pass
 * {@code gfp_mask} and run in a context the allocator can inspect.
 *
 * <p>Why a port: the allocator grows per-CPU lists, kswapd, direct reclaim and OOM separately;
 * its new API is adapted here in one place. {@link PageAllocatorPort} adapts today's
 * {@code PageAllocator}.
 */
import dev.labyrinth.emulator.mm.Lru;
import dev.labyrinth.emulator.mm.ZoneLockListener;

public interface MemoryPort {

  /**
   * Allocates {@code 2^order} pages for {@code caller} with {@code gfpMask}. Never throws for an
   * exhausted machine: a failure is {@link AllocOutcome#failed()}. Only a task caller
   * ({@code caller.ctx() == TASK} and not atomic) may be answered with
   * {@link AllocOutcome#blockThenRetry}.
   */
  AllocOutcome allocate(Caller caller, int order, int gfpMask);

  /**
   * {@link #allocate}, answered as a {@link PackedOutcome} instead of a record: what the
   * machine's steps and the vm's frames call, so that an allocation costs no outcome object. A
   * port implements one of the two and derives the other; this default packs {@link #allocate}.
   */
  default long allocatePacked(Caller caller, int order, int gfpMask) {
    return PackedOutcome.of(allocate(caller, order, gfpMask));
  }

  /** Frees a block {@link #allocate} returned, with the same order. */
  void free(Caller caller, long pfn, int order);

  /**
   * {@code lru_cache_add()}: hands an allocated block to the file or anon LRU list, from which
   * reclaim may free it. The caller must not free it afterwards.
   */
  void lruAdd(long pfn, int order, Lru lru);

  /**
   * Who is told of the {@code zone->lock} sections the calls enter; the machine sets it and
   * gives them time. A port over an allocator without zone locks reports none.
   */
  default void setZoneLockListener(ZoneLockListener listener) {}
}

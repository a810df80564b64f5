package dev.labyrinth.emulator.scenario;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * {@code machine.reclaim}: the reclaimable pool at boot and the cost of reclaiming a page.
 *
 * @param costPerPageNs emulated time per reclaimed page
 * @param pageCacheBytes page cache on the file LRU at boot
 * @param anonBytes anonymous memory on the anon LRU at boot
 */
public record ReclaimSpec(long costPerPageNs, long pageCacheBytes, long anonBytes) {
  /** 1 us per page, nothing reclaimable. */
  public static final ReclaimSpec DEFAULTS = new ReclaimSpec(1_000, 0, 0);

  public ReclaimSpec {
    checkArgument(costPerPageNs >= 0 && pageCacheBytes >= 0 && anonBytes >= 0,
        "negative reclaim figure");
  }
}

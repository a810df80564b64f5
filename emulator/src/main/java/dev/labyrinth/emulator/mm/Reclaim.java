package dev.labyrinth.emulator.mm;

/**
 * The reclaimable pool: pages put on the file and anon LRU lists by {@link PageAllocator#lruAdd},
 * and the shrinking that kswapd and direct reclaim do ({@code shrink_node()}, much simplified).
 *
 * <p>Simplifications (also in the README's fidelity table): one FIFO list per kind per zone,
 * oldest first, with no active/inactive aging, referenced bits, dirty pages or writeback (Linux
 * has one LRU per node and memcg since 4.8); zones are shrunk from the highest eligible one
 * down, file pages before anon pages; anon pages are dropped as if swapped out, with no swap
 * device modelled; every page costs the same fixed emulated time; reclaimed pages go straight to
 * the buddy lists. Isolation takes pages off the lists at the start of a batch; they are freed
 * when the batch's time has passed.
 */
final class Reclaim {
  /** SWAP_CLUSTER_MAX (include/linux/swap.h). */
  static final int SWAP_CLUSTER_MAX = 32;

  /** A batch of isolated blocks, waiting for the reclaim time to pass. */
  static final class Batch {
    final long[] pfns = new long[SWAP_CLUSTER_MAX];
    int blocks;
    long pages;
  }

  private final Zone[] zonesByIndex;
  long costPerPageNs;

  Reclaim(Zone[] zonesByIndex) {
    this.zonesByIndex = zonesByIndex;
  }

  /** Reclaimable pages in a zone ({@code zone_reclaimable_pages()}). */
  static long reclaimablePages(Zone z) {
    FreeArea a = z.freeArea();
    return a.lruPages(false) + a.lruPages(true);
  }

  /** Isolates up to SWAP_CLUSTER_MAX pages from zones at or below {@code highestIdx}. */
  Batch isolate(int highestIdx) {
    Batch b = new Batch();
    for (int i = highestIdx; i >= 0 && b.pages < SWAP_CLUSTER_MAX; i--) {
      Zone z = zonesByIndex[i];
      if (z == null) {
        continue;
      }
      for (int kind = 0; kind < 2 && b.pages < SWAP_CLUSTER_MAX; kind++) {
        while (b.pages < SWAP_CLUSTER_MAX && b.blocks < SWAP_CLUSTER_MAX) {
          long pfn = z.freeArea().lruIsolateOldest(kind == 1);
          if (pfn < 0) {
            break;
          }
          b.pfns[b.blocks++] = pfn;
          b.pages += 1L << z.freeArea().blockOrder(pfn);
        }
      }
    }
    return b;
  }

  /** The emulated time a batch takes: pages times the cost per page. */
  long batchNs(Batch b) {
    return Math.multiplyExact(b.pages, costPerPageNs);
  }
}

package dev.labyrinth.emulator.mm;

import com.google.common.base.VerifyException;
import java.util.Locale;

/**
 * The per-CPU page lists of one zone: {@code struct per_cpu_pages} for every CPU
 * (include/linux/mmzone.h), struct-of-arrays. The lists themselves are intrusive lists inside
 * the zone's {@link FreeArea}; this class holds {@code count}, {@code high}, {@code high_min},
 * {@code high_max}, {@code batch}, {@code alloc_factor}, {@code free_count} and the lock, and
 * does the arithmetic of mm/page_alloc.c: {@code zone_batchsize()}, {@code zone_highsize()},
 * {@code nr_pcp_alloc()}, {@code nr_pcp_high()}, {@code nr_pcp_free()}.
 *
 * <p>Orders 0..3 are cached (no THP, so no order-9 list). Simplifications: no "free_high"
 * burst heuristic for order 1-3 frees, no {@code decay_pcp_high()} vmstat worker, no remote
 * drains; the lock is one per CPU for all zones ({@link PageAllocator#pcpLock}).
 */
final class PerCpuPages {
  /** CONFIG_PCP_BATCH_SCALE_MAX. */
  static final int BATCH_SCALE_MAX = 5;

  final Zone zone;
  final FreeArea area;
  final int cpus;
  int batch = 1;
  int highMin;
  int highMax;
  final int[] count;
  final int[] high;
  final int[] allocFactor;
  final int[] freeCount;

  PerCpuPages(Zone zone, int cpus) {
    this.zone = zone;
    this.area = zone.freeArea();
    this.cpus = cpus;
    count = new int[cpus];
    high = new int[cpus];
    allocFactor = new int[cpus];
    freeCount = new int[cpus];
  }

  /**
   * {@code zone_batchsize()}: min(managed &gt;&gt; 10, 256) / 4 (at least 1), then
   * rounddown_pow_of_two(b + b/2) - 1; the caller takes max(1, .).
   */
  static int zoneBatchsize(long managedPages) {
    long b = Math.min(managedPages >> 10, 256) / 4;
    if (b < 1) {
      b = 1;
    }
    long sum = b + b / 2;
    return (int) (Long.highestOneBit(sum) - 1);
  }

  /**
   * {@code zone_highsize()}: the zone's low watermark (or managed / fraction) split over the
   * node's CPUs, at least 4 * batch.
   */
  static int zoneHighsize(long basisPages, int batch, int cpus) {
    long h = basisPages / cpus;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(h, (long) batch << 2));
  }

  /**
   * {@code zone_set_pageset_high_and_batch()}: batch, high_min (from the low watermark, or
   * managed / {@code vm.percpu_pagelist_high_fraction} when set) and high_max (managed / 8).
   * {@code high} starts at high_min and is kept within the new bounds.
   */
  void setHighAndBatch(int highFraction) {
    batch = Math.max(1, zoneBatchsize(zone.managedPages()));
    if (highFraction == 0) {
      highMin = zoneHighsize(zone.rawWatermark(Watermarks.WMARK_LOW), batch, cpus);
      highMax = zoneHighsize(zone.managedPages() / 8, batch, cpus);
    } else {
      highMin = zoneHighsize(zone.managedPages() / highFraction, batch, cpus);
      highMax = highMin;
    }
    for (int c = 0; c < cpus; c++) {
      high[c] = high[c] == 0 ? highMin : clamp(high[c], highMin, highMax);
    }
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.min(Math.max(v, lo), hi);
  }

  /** {@code nr_pcp_alloc()}: how many blocks a refill takes. */
  int nrPcpAlloc(int cpu, int order) {
    int baseBatch = batch;
    int h = high[cpu] = clamp(high[cpu], highMin, highMax);
    if (h < baseBatch) {
      return 1;
    }
    int b = order != 0 ? baseBatch : baseBatch << allocFactor[cpu];
    if (highMin != highMax && !zone.belowHigh) {
      h = high[cpu] = Math.min(h + b, highMax);
    }
    if (order == 0) {
      int maxNrAlloc = Math.max(h - count[cpu] - baseBatch, baseBatch);
      if (b <= maxNrAlloc && allocFactor[cpu] < BATCH_SCALE_MAX) {
        allocFactor[cpu]++;
      }
      b = Math.min(b, maxNrAlloc);
    }
    if (b > 1) {
      b = Math.max(b >> order, 2);
    }
    return b;
  }

  /** {@code nr_pcp_high()} without free_high: the count at which a free drains. */
  int nrPcpHigh(int cpu) {
    int h = high[cpu] = clamp(high[cpu], highMin, highMax);
    if (h == 0) {
      return 0;
    }
    if (zone.reclaimActive) {
      high[cpu] = Math.max(h - Math.max(freeCount[cpu], batch), highMin);
      return Math.min(batch << 2, high[cpu]);
    }
    if (highMin == highMax) {
      return h;
    }
    if (zone.belowHigh) {
      high[cpu] = Math.max(h - Math.max(freeCount[cpu], batch), highMin);
      h = Math.max(count[cpu], highMin);
    } else if (count[cpu] >= h) {
      int needHigh = freeCount[cpu] + batch;
      if (high[cpu] < needHigh) {
        high[cpu] = clamp(needHigh, highMin, highMax);
      }
    }
    return h;
  }

  /** {@code nr_pcp_free()} without free_high. */
  int nrPcpFree(int cpu, int h) {
    if (h < batch) {
      return 1;
    }
    return clamp(freeCount[cpu], batch, h - batch);
  }

  /** Section 13 invariant 7 plus list sums: count equals the pages on the CPU's lists. */
  void checkInvariants() {
    for (int c = 0; c < cpus; c++) {
      long listed = area.pcpListedPages(c);
      // When the low watermark per CPU exceeds managed/8 per CPU, high_min > high_max and
      // Linux's clamp() yields high_max; allow exactly that.
      boolean highOk = high[c] == clamp(high[c], highMin, highMax);
      if (count[c] < 0 || listed != count[c] || batch < 1 || !highOk) {
        throw new VerifyException(String.format(Locale.ROOT,
            "zone %s cpu %d: pcp count %d (listed %d) high %d high_min %d high_max %d batch %d",
            zone.name(), c, count[c], listed, high[c], highMin, highMax, batch));
      }
    }
  }
}

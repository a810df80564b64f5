package dev.labyrinth.emulator.mm;

import java.util.Locale;

/**
 * Where an allocation stood against a zone's reserves. Not a Linux concept: a summary of which
 * part of {@code __zone_watermark_ok()}'s arithmetic the allocation needed, for traces and
 * reports.
 *
 * <p>The rule ({@link #classify}), with A = free pages after the allocation = freeBefore -
 * 2^order, R = {@code lowmem_reserve[highest_zoneidx]} of the zone used, and the zone's
 * <em>unboosted</em> watermarks {@code min} and {@code low} (boost is reclaim pressure, not
 * reserve; the unboosted min is also what the boost exemption of {@code zone_watermark_fast()}
 * uses). Let {@code m2 = min - min/2} (the __GFP_HIGH floor) and {@code m3 = m2 - m2/4} (the
 * GFP_ATOMIC floor, 3/8 of min). The first matching line wins:
 *
 * <ol>
 *   <li>{@link #FAILED}: no page;
 *   <li>{@link #HIGHATOMIC}: the block came off a MIGRATE_HIGHATOMIC free list;
 *   <li>{@link #NONE}: A &gt;= low + R;
 *   <li>{@link #BELOW_LOW}: A &gt;= min + R;
 *   <li>below min, named by the reserve the caller's ALLOC flags granted (as
 *       {@code gfp_to_alloc_flags()} set them):
 *       <ol>
 *         <li>{@link #ATOMIC_RESERVE}: ALLOC_NON_BLOCK (an atomic caller: GFP_ATOMIC, or any
 *             mask without __GFP_DIRECT_RECLAIM and without __GFP_NOMEMALLOC) and A &gt;= m3 + R;
 *         <li>{@link #MIN_RESERVE}: ALLOC_MIN_RESERVE or ALLOC_OOM without ALLOC_NON_BLOCK (a
 *             blocking __GFP_HIGH caller) and A &gt;= m2 + R;
 *         <li>{@link #NO_WATERMARKS}: ALLOC_NO_WATERMARKS (below the caller's own floor);
 *         <li>otherwise, which a passed watermark check cannot produce, by the thresholds alone:
 *             MIN_RESERVE when A &gt;= m2 + R, ATOMIC_RESERVE when A &gt;= m3 + R, else
 *             NO_WATERMARKS.
 *       </ol>
 * </ol>
 *
 * <p>Why "A &gt;= x + R": {@code __zone_watermark_ok()} passes when freeBefore - (2^order - 1)
 * &gt; x + R, which is exactly A &gt;= x + R. So a GFP_ATOMIC allocation that leaves the zone
 * anywhere between 3/8 of min and min is {@code atomic_reserve} (it used the reserve only its
 * ALLOC_NON_BLOCK grants below 1/2 of min, and the one its __GFP_HIGH grants above), a blocking
 * __GFP_HIGH one below min is {@code min_reserve}, and GFP_KERNEL, which has no reserve flag,
 * only ever reaches {@code none} or {@code below_low}.
 */
public enum ReserveTier {
  NONE,
  BELOW_LOW,
  MIN_RESERVE,
  ATOMIC_RESERVE,
  HIGHATOMIC,
  NO_WATERMARKS,
  FAILED;

  private final String traceName = name().toLowerCase(Locale.ROOT);

  /** The lowercase name used in traces, e.g. {@code atomic_reserve}. */
  public String traceName() {
    return traceName;
  }

  /**
   * Classifies an allocation by the rule in the class comment. Pure.
   *
   * @param allocated whether a page was returned
   * @param fromHighatomicList whether it came off a MIGRATE_HIGHATOMIC list
   * @param freeBeforePages NR_FREE_PAGES of the zone just before the allocation
   * @param minPages the zone's unboosted {@code _watermark[WMARK_MIN]}
   * @param lowPages the zone's unboosted {@code _watermark[WMARK_LOW]}
   * @param lowmemReservePages {@code lowmem_reserve[highest_zoneidx]} of the zone
   * @param allocFlags the ALLOC flags of the successful attempt ({@link AllocFlags})
   */
  public static ReserveTier classify(boolean allocated, boolean fromHighatomicList,
      long freeBeforePages, int order, long minPages, long lowPages, long lowmemReservePages,
      int allocFlags) {
    if (!allocated) {
      return FAILED;
    }
    if (fromHighatomicList) {
      return HIGHATOMIC;
    }
    long after = freeBeforePages - (1L << order) - lowmemReservePages;
    if (after >= lowPages) {
      return NONE;
    }
    if (after >= minPages) {
      return BELOW_LOW;
    }
    long m2 = minPages - minPages / 2;
    long m3 = m2 - m2 / 4;
    if ((allocFlags & AllocFlags.NON_BLOCK) != 0 && after >= m3) {
      return ATOMIC_RESERVE;
    }
    if ((allocFlags & AllocFlags.NON_BLOCK) == 0
        && (allocFlags & (AllocFlags.MIN_RESERVE | AllocFlags.OOM)) != 0 && after >= m2) {
      return MIN_RESERVE;
    }
    if ((allocFlags & AllocFlags.NO_WATERMARKS) != 0) {
      return NO_WATERMARKS;
    }
    return after >= m2 ? MIN_RESERVE : after >= m3 ? ATOMIC_RESERVE : NO_WATERMARKS;
  }
}

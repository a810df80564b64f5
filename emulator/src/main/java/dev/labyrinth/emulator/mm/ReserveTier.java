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
 *   <li>{@link #MIN_RESERVE}: A &gt;= m2 + R;
 *   <li>{@link #ATOMIC_RESERVE}: A &gt;= m3 + R;
 *   <li>{@link #NO_WATERMARKS}: otherwise.
 * </ol>
 *
 * <p>Why "A &gt;= x + R": {@code __zone_watermark_ok()} passes when freeBefore - (2^order - 1)
 * &gt; x + R, which is exactly A &gt;= x + R. So a tier names the least privileged caller whose
 * order-0 check (without the highatomic subtraction) would still admit this allocation: GFP_KERNEL
 * can only reach NONE or BELOW_LOW, a blocking __GFP_HIGH or an OOM victim also MIN_RESERVE,
 * GFP_ATOMIC also ATOMIC_RESERVE, and only ALLOC_NO_WATERMARKS reaches NO_WATERMARKS.
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
   */
  public static ReserveTier classify(boolean allocated, boolean fromHighatomicList,
      long freeBeforePages, int order, long minPages, long lowPages, long lowmemReservePages) {
    if (!allocated) {
      return FAILED;
    }
    if (fromHighatomicList) {
      return HIGHATOMIC;
    }
    long after = freeBeforePages - (1L << order);
    long m2 = minPages - minPages / 2;
    long m3 = m2 - m2 / 4;
    if (after >= lowPages + lowmemReservePages) {
      return NONE;
    }
    if (after >= minPages + lowmemReservePages) {
      return BELOW_LOW;
    }
    if (after >= m2 + lowmemReservePages) {
      return MIN_RESERVE;
    }
    if (after >= m3 + lowmemReservePages) {
      return ATOMIC_RESERVE;
    }
    return NO_WATERMARKS;
  }
}

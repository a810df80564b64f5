package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.math.LongMath;
import java.math.RoundingMode;

/**
 * Watermark arithmetic, as pure functions over arrays indexed by zone index (length
 * {@link ZoneType#COUNT}; an absent zone has 0 managed pages). All integer arithmetic, rounding
 * exactly as Linux 6.18 mm/page_alloc.c does.
 */
public final class Watermarks {
  public static final int WMARK_MIN = 0;
  public static final int WMARK_LOW = 1;
  public static final int WMARK_HIGH = 2;
  public static final int WMARK_PROMO = 3;
  public static final int NR_WMARK = 4;

  /** Lower clamp of the computed min_free_kbytes. */
  public static final int MIN_FREE_KBYTES_FLOOR = 128;
  /** Upper clamp of the computed min_free_kbytes. */
  public static final int MIN_FREE_KBYTES_CEILING = 262144;
  /** {@code vm.watermark_scale_factor} default (0.1 % of the zone). */
  public static final int DEFAULT_WATERMARK_SCALE_FACTOR = 10;
  /** {@code vm.watermark_boost_factor} default (150 % of HIGH). */
  public static final int DEFAULT_WATERMARK_BOOST_FACTOR = 15000;
  /** SWAP_CLUSTER_MAX, the lower clamp of a Movable zone's min. */
  static final long SWAP_CLUSTER_MAX = 32;

  private Watermarks() {}

  /** {@code mult_frac(x, numer, denom)} from include/linux/math.h, free of intermediate overflow. */
  public static long multFrac(long x, long numer, long denom) {
    long quot = x / denom;
    long rem = x % denom;
    return quot * numer + rem * numer / denom;
  }

  /** {@code int_sqrt()}: the exact floor of the square root. */
  public static long intSqrt(long x) {
    return LongMath.sqrt(x, RoundingMode.FLOOR);
  }

  /**
   * {@code nr_free_buffer_pages()}: over zones up to ZONE_NORMAL ({@code gfp_zone(GFP_USER)}),
   * the sum of managed minus the HIGH watermark (boost included), counting positive differences
   * only. Before the first watermark setup every HIGH is 0, so this is the managed lowmem.
   */
  public static long nrFreeBufferPages(long[] managed, long[] highWithBoost) {
    long sum = 0;
    for (int i = 0; i <= ZoneType.NORMAL.index(); i++) {
      if (managed[i] > highWithBoost[i]) {
        sum += managed[i] - highWithBoost[i];
      }
    }
    return sum;
  }

  /**
   * The default rule of {@code calculate_min_free_kbytes()}: {@code int_sqrt(lowmem_kbytes * 16)}
   * clamped to [128, 262144], used only if the unclamped value exceeds {@code user_min_free_kbytes}
   * (-1 when the sysctl was never written); otherwise {@code current} is kept.
   */
  public static int calculateMinFreeKbytes(long lowmemKbytes, int userMinFreeKbytes, int current) {
    long computed = intSqrt(lowmemKbytes * 16);
    if (computed > userMinFreeKbytes) {
      return (int) Math.max(MIN_FREE_KBYTES_FLOOR, Math.min(MIN_FREE_KBYTES_CEILING, computed));
    }
    return current;
  }

  /**
   * {@code set_recommended_min_free_kbytes()} in mm/khugepaged.c, which only runs when PMD THP is
   * enabled: 2 pageblocks per lowmem zone plus MIGRATE_PCPTYPES^2 pageblocks per lowmem zone,
   * capped at 5 % of {@code nr_free_buffer_pages()}, in KiB; the larger of that and
   * {@code current} wins.
   */
  public static int thpRecommendedMinFreeKbytes(
      int populatedLowmemZones, long nrFreeBufferPages, int current) {
    long recommended = (long) PageOrder.PAGEBLOCK_NR_PAGES * populatedLowmemZones * 2
        + (long) PageOrder.PAGEBLOCK_NR_PAGES * populatedLowmemZones
            * MigrateType.PCPTYPES * MigrateType.PCPTYPES;
    recommended = Math.min(recommended, nrFreeBufferPages / 20);
    long kbytes = recommended * (PageOrder.PAGE_SIZE_BYTES / 1024);
    return kbytes > current ? (int) kbytes : current;
  }

  /**
   * Per-zone {@code _watermark[]} (min, low, high, promo); mirrors {@code __setup_per_zone_wmarks()}.
   *
   * <p>pages_min = min_free_kbytes / 4; lowmem_pages = managed sum of non-Movable zones; share =
   * pages_min * managed / lowmem_pages (u64, floor). Lowmem zones: min = share. Movable: min =
   * clamp(managed / 1024, 32, 128). gap = max(share / 4, mult_frac(managed, scale, 10000)); low =
   * min + gap, high = low + gap, promo = high + gap. Every zone index is computed, populated or
   * not, as {@code for_each_zone} does.
   *
   * @return {@code [zoneIndex][WMARK_*]}
   */
  public static long[][] setupPerZoneWmarks(
      long[] managed, int minFreeKbytes, int watermarkScaleFactor) {
    checkArgument(managed.length == ZoneType.COUNT, "need one managed count per zone index");
    checkArgument(minFreeKbytes >= 0, "negative min_free_kbytes %s", minFreeKbytes);
    checkArgument(
        watermarkScaleFactor >= 1 && watermarkScaleFactor <= 3000,
        "watermark_scale_factor %s outside 1..3000", watermarkScaleFactor);
    long pagesMin = minFreeKbytes >> 2;
    long lowmemPages = 0;
    for (int i = 0; i < ZoneType.COUNT; i++) {
      if (ZoneType.ofIndex(i).isLowmem()) {
        lowmemPages += managed[i];
      }
    }
    checkArgument(lowmemPages > 0, "no managed lowmem pages");
    long[][] marks = new long[ZoneType.COUNT][NR_WMARK];
    for (int i = 0; i < ZoneType.COUNT; i++) {
      long share = pagesMin * managed[i] / lowmemPages;
      long min;
      if (ZoneType.ofIndex(i).isLowmem()) {
        min = share;
      } else {
        min = Math.max(SWAP_CLUSTER_MAX, Math.min(128, managed[i] / 1024));
      }
      long gap = Math.max(share >> 2, multFrac(managed[i], watermarkScaleFactor, 10000));
      marks[i][WMARK_MIN] = min;
      marks[i][WMARK_LOW] = min + gap;
      marks[i][WMARK_HIGH] = min + 2 * gap;
      marks[i][WMARK_PROMO] = min + 3 * gap;
    }
    return marks;
  }

  /**
   * {@code lowmem_reserve[]} ("protection") of every zone; mirrors
   * {@code setup_per_zone_lowmem_reserve()}. For zone i below the last and each j &gt; i:
   * (managed of zones i+1..j) / ratio[i], or 0 when ratio[i] is 0 or zone i has no managed pages.
   * Entries j &lt;= i are 0.
   *
   * @return {@code [zoneIndex][classzoneIndex]}
   */
  public static long[][] setupPerZoneLowmemReserve(long[] managed, int[] ratio) {
    checkArgument(managed.length == ZoneType.COUNT && ratio.length == ZoneType.COUNT,
        "need one entry per zone index");
    long[][] reserve = new long[ZoneType.COUNT][ZoneType.COUNT];
    for (int i = 0; i < ZoneType.COUNT - 1; i++) {
      boolean clear = ratio[i] <= 0 || managed[i] == 0;
      long upper = 0;
      for (int j = i + 1; j < ZoneType.COUNT; j++) {
        upper += managed[j];
        reserve[i][j] = clear ? 0 : upper / ratio[i];
      }
    }
    return reserve;
  }

  /**
   * {@code calculate_totalreserve_pages()}: per zone, min(managed, max over j &gt;= i of
   * lowmem_reserve[j] + HIGH), summed.
   */
  public static long totalreservePages(long[] managed, long[][] lowmemReserve, long[] highWithBoost) {
    long total = 0;
    for (int i = 0; i < ZoneType.COUNT; i++) {
      long max = 0;
      for (int j = i; j < ZoneType.COUNT; j++) {
        max = Math.max(max, lowmemReserve[i][j]);
      }
      max += highWithBoost[i];
      total += Math.min(max, managed[i]);
    }
    return total;
  }

  /**
   * The new {@code watermark_boost} after a fragmenting fallback; mirrors {@code boost_watermark()}.
   * Returns -1 (no boost, function returned false) when the factor is 0, the zone has fewer than
   * four pageblocks of managed pages, or mult_frac(HIGH, factor, 10000) is 0. Otherwise the boost
   * grows by one pageblock, capped at max(pageblock_nr_pages, HIGH * factor / 10000).
   *
   * @param highPages the unboosted {@code _watermark[WMARK_HIGH]}
   */
  public static long boostWatermark(
      long currentBoostPages, long managedPages, long highPages, int watermarkBoostFactor) {
    if (watermarkBoostFactor == 0) {
      return -1;
    }
    if ((long) PageOrder.PAGEBLOCK_NR_PAGES * 4 > managedPages) {
      return -1;
    }
    long maxBoost = multFrac(highPages, watermarkBoostFactor, 10000);
    if (maxBoost == 0) {
      return -1;
    }
    maxBoost = Math.max(PageOrder.PAGEBLOCK_NR_PAGES, maxBoost);
    return Math.min(currentBoostPages + PageOrder.PAGEBLOCK_NR_PAGES, maxBoost);
  }
}

package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.VerifyException;
import java.util.Locale;

/**
 * One zone: its size, buddy free lists, watermarks, boost and lowmem reserve; the emulator's
 * {@code struct zone} (include/linux/mmzone.h). Watermarks are written by {@link PageAllocator}
 * when it (re)computes them.
 */
public final class Zone {
  private final ZoneSpec spec;
  private final FreeArea freeArea;
  private final long[] watermark = new long[Watermarks.NR_WMARK];
  private final long[] lowmemReserve = new long[ZoneType.COUNT];
  private long watermarkBoost;
  /** ZONE_BOOSTED_WATERMARK: a boost asked kswapd to be woken at the next rmqueue. */
  private boolean boostedWatermarkFlag;
  /** ZONE_BELOW_HIGH: an allocation found the zone at or below high (pcp tuning only). */
  boolean belowHigh;
  /** ZONE_RECLAIM_ACTIVE: kswapd is balancing this zone (shrinks pcp high). */
  boolean reclaimActive;

  Zone(ZoneSpec spec) {
    this(spec, 1);
  }

  Zone(ZoneSpec spec, int cpus) {
    this.spec = spec;
    this.freeArea = new FreeArea(spec, cpus);
  }

  public ZoneType type() {
    return spec.type();
  }

  public String name() {
    return spec.type().linuxName();
  }

  public ZoneSpec spec() {
    return spec;
  }

  public long managedPages() {
    return spec.managedPages();
  }

  /** The buddy allocator of this zone. */
  public FreeArea freeArea() {
    return freeArea;
  }

  /** NR_FREE_PAGES. */
  public long freePages() {
    return freeArea.freePages();
  }

  /** {@code wmark_pages()}: {@code _watermark[i] + watermark_boost}. */
  public long wmarkPages(int which) {
    return watermark[which] + watermarkBoost;
  }

  /** {@code _watermark[i]} without the boost. */
  public long rawWatermark(int which) {
    return watermark[which];
  }

  public long minWmarkPages() {
    return wmarkPages(Watermarks.WMARK_MIN);
  }

  public long lowWmarkPages() {
    return wmarkPages(Watermarks.WMARK_LOW);
  }

  public long highWmarkPages() {
    return wmarkPages(Watermarks.WMARK_HIGH);
  }

  public long promoWmarkPages() {
    return wmarkPages(Watermarks.WMARK_PROMO);
  }

  public long watermarkBoost() {
    return watermarkBoost;
  }

  /** {@code lowmem_reserve[classzone]}. */
  public long lowmemReserve(int classzoneIndex) {
    return lowmemReserve[classzoneIndex];
  }

  /** A copy of the protection array, as /proc/zoneinfo prints it. */
  public long[] lowmemReserves() {
    return lowmemReserve.clone();
  }

  boolean takeBoostedWatermarkFlag() {
    boolean was = boostedWatermarkFlag;
    boostedWatermarkFlag = false;
    return was;
  }

  /** Sets min, low, high, promo and resets the boost, as {@code __setup_per_zone_wmarks()}. */
  void setWatermarks(long[] marks) {
    checkArgument(marks.length == Watermarks.NR_WMARK);
    System.arraycopy(marks, 0, watermark, 0, Watermarks.NR_WMARK);
    watermarkBoost = 0;
  }

  void setLowmemReserve(long[] reserve) {
    System.arraycopy(reserve, 0, lowmemReserve, 0, ZoneType.COUNT);
  }

  /**
   * Applies the {@code boost_watermark()} calls a fallback asked for; sets
   * ZONE_BOOSTED_WATERMARK when one boosted and the caller had ALLOC_KSWAPD.
   */
  void applyBoosts(int requests, int allocFlags, int watermarkBoostFactor) {
    for (int i = 0; i < requests; i++) {
      long boost = Watermarks.boostWatermark(watermarkBoost, managedPages(),
          watermark[Watermarks.WMARK_HIGH], watermarkBoostFactor);
      if (boost >= 0) {
        watermarkBoost = boost;
        if ((allocFlags & AllocFlags.KSWAPD) != 0) {
          boostedWatermarkFlag = true;
        }
      }
    }
  }

  /**
   * Lowers the boost by what kswapd reclaimed (for the reclaim issue); never below 0.
   */
  public void reduceBoost(long pages) {
    checkArgument(pages >= 0, "negative boost reduction %s", pages);
    watermarkBoost = Math.max(0, watermarkBoost - pages);
  }

  /**
   * Buddy invariants plus 0 &lt;= min &lt;= low &lt;= high &lt;= promo with equal gaps.
   *
   * @throws VerifyException naming the zone
   */
  public void checkInvariants() {
    freeArea.checkInvariants();
    long min = watermark[0];
    long low = watermark[1];
    long high = watermark[2];
    long promo = watermark[3];
    if (!(0 <= min && min <= low && low <= high && high <= promo)
        || (high - low != low - min)
        || promo - high != high - low
        || watermarkBoost < 0) {
      throw new VerifyException(String.format(Locale.ROOT,
          "zone %s pfn 0x%x: watermarks min %d low %d high %d promo %d boost %d out of order",
          name(), spec.startPfn(), min, low, high, promo, watermarkBoost));
    }
  }
}

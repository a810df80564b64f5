package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.function.LongSupplier;

/**
 * The page allocator of the single emulated node: zones, sysctls and the allocation walk of
 * {@code __alloc_frozen_pages_noprof()} (mm/page_alloc.c), without reclaim yet.
 *
 * <p>Allocation, in Linux's order: the fast path ({@code get_page_from_freelist()} at WMARK_LOW,
 * ALLOC_KSWAPD from the mask, ALLOC_NOFRAGMENT when Normal is preferred and DMA32 exists); then
 * the slow path ({@code __alloc_pages_slowpath()}): {@code gfp_to_alloc_flags()}, "wake kswapd",
 * an attempt at WMARK_MIN with the caller's reserve reductions, the {@code __gfp_pfmemalloc_flags()}
 * override, a second attempt; a caller that cannot block then fails ({@code nopage}).
 *
 * <p>Simplifications: one node; no per-CPU lists; no cpusets, CMA, memcg charging, fault
 * injection, {@code node_reclaim} or {@code defrag_mode}; the task is never PF_MEMALLOC, an OOM
 * victim or RT, so only __GFP_MEMALLOC triggers ALLOC_NO_WATERMARKS. TODO(reclaim issue): kswapd,
 * direct reclaim, compaction, OOM and the __GFP_NOFAIL loop; blocking callers that would reach
 * them fail here with {@link AllocResult#directReclaim()} set.
 */
public final class PageAllocator {
  private final Zone[] zonesByIndex = new Zone[ZoneType.COUNT];
  private final ImmutableList<Zone> zones;
  private final Tracer tracer;
  private final LongSupplier clockNs;

  private int minFreeKbytes = 1024;
  private int userMinFreeKbytes = -1;
  private int watermarkScaleFactor = Watermarks.DEFAULT_WATERMARK_SCALE_FACTOR;
  private int watermarkBoostFactor = Watermarks.DEFAULT_WATERMARK_BOOST_FACTOR;
  private final int[] lowmemReserveRatio = new int[ZoneType.COUNT];

  /** An allocator without tracing. */
  public PageAllocator(ZoneLayout layout) {
    this(layout, Tracer.OFF, () -> 0L);
  }

  /**
   * Boots the allocator: builds the zones' free lists, then mirrors
   * {@code init_per_zone_wmark_min()}: {@code calculate_min_free_kbytes()},
   * {@code setup_per_zone_wmarks()}, {@code setup_per_zone_lowmem_reserve()}. The THP bump of
   * {@code set_recommended_min_free_kbytes()} is not applied (no THP); see
   * {@link #applyThpRecommendedMinFreeKbytes()}.
   *
   * @param clockNs the emulated time for trace records
   */
  public PageAllocator(ZoneLayout layout, Tracer tracer, LongSupplier clockNs) {
    this.tracer = checkNotNull(tracer);
    this.clockNs = checkNotNull(clockNs);
    ImmutableList.Builder<Zone> built = ImmutableList.builder();
    for (ZoneSpec spec : layout.zones()) {
      Zone z = new Zone(spec);
      zonesByIndex[spec.type().index()] = z;
      built.add(z);
    }
    zones = built.build();
    for (ZoneType t : ZoneType.values()) {
      lowmemReserveRatio[t.index()] = t.defaultLowmemReserveRatio();
    }
    long[] managed = managed();
    minFreeKbytes = Watermarks.calculateMinFreeKbytes(
        Watermarks.nrFreeBufferPages(managed, highs()) * (PageOrder.PAGE_SIZE_BYTES / 1024),
        userMinFreeKbytes, minFreeKbytes);
    setupPerZoneWmarks();
    setupPerZoneLowmemReserve();
  }

  // ---- sysctls ----

  /** {@code vm.min_free_kbytes}. */
  public int minFreeKbytes() {
    return minFreeKbytes;
  }

  /** Writes {@code vm.min_free_kbytes} ({@code min_free_kbytes_sysctl_handler()}). */
  public void setMinFreeKbytes(int kbytes) {
    checkArgument(kbytes >= 0, "min_free_kbytes %s below 0", kbytes);
    userMinFreeKbytes = kbytes;
    minFreeKbytes = kbytes;
    setupPerZoneWmarks();
  }

  /** Writes {@code vm.watermark_scale_factor} (1..3000) and recomputes the watermarks. */
  public void setWatermarkScaleFactor(int factor) {
    checkArgument(factor >= 1 && factor <= 3000, "watermark_scale_factor %s outside 1..3000",
        factor);
    watermarkScaleFactor = factor;
    setupPerZoneWmarks();
  }

  /** Writes {@code vm.watermark_boost_factor} (0 disables boosting); no recompute. */
  public void setWatermarkBoostFactor(int factor) {
    checkArgument(factor >= 0, "watermark_boost_factor %s below 0", factor);
    watermarkBoostFactor = factor;
  }

  /**
   * Writes {@code vm.lowmem_reserve_ratio} (one entry per zone index); values below 1 become 0
   * (disabled), as {@code lowmem_reserve_ratio_sysctl_handler()} does.
   */
  public void setLowmemReserveRatio(int[] ratios) {
    checkArgument(ratios.length == ZoneType.COUNT, "need %s ratios", ZoneType.COUNT);
    for (int i = 0; i < ZoneType.COUNT; i++) {
      lowmemReserveRatio[i] = Math.max(ratios[i], 0) < 1 ? 0 : ratios[i];
    }
    setupPerZoneLowmemReserve();
  }

  /**
   * Applies {@code set_recommended_min_free_kbytes()} as khugepaged would with PMD THP enabled
   * (a distro kernel with THP gets 67584 kB on a three-zone machine).
   */
  public void applyThpRecommendedMinFreeKbytes() {
    int lowmemZones = 0;
    for (Zone z : zones) {
      if (z.type().index() <= ZoneType.NORMAL.index() && z.managedPages() > 0) {
        lowmemZones++;
      }
    }
    int recommended = Watermarks.thpRecommendedMinFreeKbytes(
        lowmemZones, Watermarks.nrFreeBufferPages(managed(), highs()), minFreeKbytes);
    if (recommended != minFreeKbytes) {
      minFreeKbytes = recommended;
      setupPerZoneWmarks();
    }
  }

  /** Recomputes every zone's watermarks ({@code setup_per_zone_wmarks()}); resets boosts. */
  private void setupPerZoneWmarks() {
    long[][] marks = Watermarks.setupPerZoneWmarks(managed(), minFreeKbytes, watermarkScaleFactor);
    for (Zone z : zones) {
      z.setWatermarks(marks[z.type().index()]);
    }
  }

  private void setupPerZoneLowmemReserve() {
    long[][] reserve = Watermarks.setupPerZoneLowmemReserve(managed(), lowmemReserveRatio);
    for (Zone z : zones) {
      z.setLowmemReserve(reserve[z.type().index()]);
    }
  }

  private long[] managed() {
    long[] managed = new long[ZoneType.COUNT];
    for (Zone z : zones) {
      managed[z.type().index()] = z.managedPages();
    }
    return managed;
  }

  private long[] highs() {
    long[] highs = new long[ZoneType.COUNT];
    for (Zone z : zones) {
      highs[z.type().index()] = z.highWmarkPages();
    }
    return highs;
  }

  /** {@code totalreserve_pages} ({@code calculate_totalreserve_pages()}). */
  public long totalreservePages() {
    long[][] reserve = new long[ZoneType.COUNT][];
    for (int i = 0; i < ZoneType.COUNT; i++) {
      reserve[i] = zonesByIndex[i] == null ? new long[ZoneType.COUNT]
          : zonesByIndex[i].lowmemReserves();
    }
    return Watermarks.totalreservePages(managed(), reserve, highs());
  }

  // ---- zones ----

  public ImmutableList<Zone> zones() {
    return zones;
  }

  /** The zone of that type, or null when the layout has none. */
  public Zone zone(ZoneType type) {
    return zonesByIndex[type.index()];
  }

  // ---- allocation ----

  /**
   * Allocates {@code 2^order} pages for a caller with {@code gfpMask}.
   *
   * @param atomicContext the caller is in interrupt or other atomic context (cannot sleep);
   *     passed as "not in_task()" to {@code gfp_to_alloc_flags()} and to
   *     {@code __gfp_pfmemalloc_flags()}
   * @throws IllegalArgumentException for a negative order or an invalid mask (GFP_ZONE_BAD, or
   *     MOVABLE with RECLAIMABLE)
   */
  public AllocResult allocate(int order, int gfpMask, boolean atomicContext) {
    checkArgument(order >= 0, "negative order %s", order);
    ZoneType highest = Gfp.zone(gfpMask);
    int mt = Gfp.migratetype(gfpMask);
    boolean sleepInAtomic = atomicContext && Gfp.allowsBlocking(gfpMask);
    if (order > PageOrder.MAX_PAGE_ORDER) {
      // WARN_ON_ONCE_GFP and NULL before any tracepoint, as in __alloc_frozen_pages_noprof().
      return new AllocResult(-1, order, gfpMask, mt, null, ReserveTier.FAILED, 0, 0, 0, false,
          false, false, sleepInAtomic);
    }
    int highestIdx = highest.index();
    Zone preferred = null;
    for (int i = highestIdx; i >= 0; i--) {
      if (zonesByIndex[i] != null && zonesByIndex[i].managedPages() > 0) {
        preferred = zonesByIndex[i];
        break;
      }
    }
    if (preferred == null) {
      AllocResult r = new AllocResult(-1, order, gfpMask, mt, null, ReserveTier.FAILED, 0, 0, 0,
          false, false, (gfpMask & Gfp.NOWARN) == 0, sleepInAtomic);
      trace(r);
      return r;
    }
    boolean dma32 = zonesByIndex[ZoneType.DMA32.index()] != null
        && zonesByIndex[ZoneType.DMA32.index()].managedPages() > 0;
    Attempt a = new Attempt();
    int flags = AllocFlags.fastPath(gfpMask, preferred.type(), dma32);
    if (getPageFromFreelist(a, order, flags, highestIdx, mt)) {
      return finish(a, order, gfpMask, mt, highestIdx, false, false, sleepInAtomic);
    }
    // __alloc_pages_slowpath()
    flags = AllocFlags.gfpToAllocFlags(gfpMask, order, atomicContext);
    boolean wake = (flags & AllocFlags.KSWAPD) != 0;
    if (getPageFromFreelist(a, order, flags & ~AllocFlags.NO_WATERMARKS, highestIdx, mt)) {
      return finish(a, order, gfpMask, mt, highestIdx, wake, false, sleepInAtomic);
    }
    int reserveFlags = AllocFlags.gfpPfmemallocFlags(gfpMask, atomicContext, false, false, false);
    if (reserveFlags != 0) {
      flags = reserveFlags | (flags & AllocFlags.KSWAPD);
    }
    if (getPageFromFreelist(a, order, flags, highestIdx, mt)) {
      return finish(a, order, gfpMask, mt, highestIdx, wake, false, sleepInAtomic);
    }
    boolean canReclaim = Gfp.allowsBlocking(gfpMask);
    // TODO(reclaim issue): direct reclaim, compaction, OOM, __GFP_NOFAIL retries.
    a.zone = preferred;
    a.freeBefore = preferred.freePages();
    a.mark = preferred.wmarkPages(flags & AllocFlags.WMARK_MASK);
    a.flags = flags;
    return finish(a, order, gfpMask, mt, highestIdx, wake, canReclaim, sleepInAtomic);
  }

  /** Mutable scratch for one walk, so the hot path allocates one small object per call. */
  private static final class Attempt {
    long pfn = -1;
    Zone zone;
    long freeBefore;
    long mark;
    int flags;
    boolean fromHighatomic;
    boolean boostWake;
  }

  /**
   * {@code get_page_from_freelist()}: zones from {@code highest} down; each must pass
   * {@code zone_watermark_fast()} at its mark (or the caller has ALLOC_NO_WATERMARKS); then
   * {@code rmqueue()}, and with ALLOC_HIGHATOMIC {@code reserve_highatomic_pageblock()}. Under
   * ALLOC_NOFRAGMENT a full failure retries once without it.
   */
  private boolean getPageFromFreelist(Attempt a, int order, int flags, int highestIdx, int mt) {
    while (true) {
      for (int i = highestIdx; i >= 0; i--) {
        Zone z = zonesByIndex[i];
        if (z == null || z.managedPages() == 0) {
          continue;
        }
        long mark = z.wmarkPages(flags & AllocFlags.WMARK_MASK);
        if (!WatermarkCheck.zoneWatermarkFast(z, order, mark, highestIdx, flags)
            && (flags & AllocFlags.NO_WATERMARKS) == 0) {
          continue; // node_reclaim is off by default
        }
        long freeBefore = z.freePages();
        FreeArea area = z.freeArea();
        long pfn = area.rmqueue(order, mt, flags);
        z.applyBoosts(area.takeBoostRequests(), flags, watermarkBoostFactor);
        if ((flags & AllocFlags.KSWAPD) != 0 && z.takeBoostedWatermarkFlag()) {
          a.boostWake = true; // rmqueue(): wakeup_kswapd(zone, 0, 0, zone_idx)
        }
        if (pfn >= 0) {
          if ((flags & AllocFlags.HIGHATOMIC) != 0) {
            area.reserveHighatomicPageblock(pfn, order);
          }
          a.pfn = pfn;
          a.zone = z;
          a.freeBefore = freeBefore;
          a.mark = mark;
          a.flags = flags;
          a.fromHighatomic = area.lastFromHighatomic();
          return true;
        }
      }
      if ((flags & AllocFlags.NOFRAGMENT) == 0) {
        return false;
      }
      flags &= ~AllocFlags.NOFRAGMENT;
    }
  }

  private AllocResult finish(Attempt a, int order, int gfp, int mt, int highestIdx,
      boolean wakeKswapd, boolean directReclaim, boolean sleepInAtomic) {
    Zone z = a.zone;
    boolean ok = a.pfn >= 0;
    ReserveTier tier = ReserveTier.classify(ok, a.fromHighatomic, a.freeBefore, order,
        z.rawWatermark(Watermarks.WMARK_MIN), z.rawWatermark(Watermarks.WMARK_LOW),
        z.lowmemReserve(highestIdx));
    boolean warn = !ok && !directReclaim && (gfp & Gfp.NOWARN) == 0;
    AllocResult r = new AllocResult(a.pfn, order, gfp, mt, z.type(), tier, a.freeBefore, a.mark,
        a.flags, wakeKswapd || a.boostWake, directReclaim, warn, sleepInAtomic);
    trace(r);
    return r;
  }

  /**
   * Emits {@code mm_page_alloc} with Linux's fields ({@code pfn}, -1 on failure as the raw
   * tracepoint field holds, {@code order}, {@code migratetype}, {@code gfp_flags}) plus
   * {@code zone}, {@code free_before}, {@code wmark_min}, {@code wmark_low}, {@code wmark_high}
   * (boost included), {@code mark}, {@code alloc_flags} and {@code reserve}. The hashed
   * {@code page} pointer is left out: it carries no information and is not deterministic.
   */
  private void trace(AllocResult r) {
    if (!tracer.enabled()) {
      return;
    }
    Zone z = r.zone() == null ? null : zonesByIndex[r.zone().index()];
    tracer.begin("mm_page_alloc", clockNs.getAsLong())
        .put("pfn", r.pfn())
        .put("order", r.order())
        .put("migratetype", r.migratetype())
        .put("gfp_flags", Gfp.formatForTrace(r.gfpMask()))
        .put("zone", z == null ? "none" : z.name())
        .put("free_before", r.freeBeforePages())
        .put("wmark_min", z == null ? 0 : z.minWmarkPages())
        .put("wmark_low", z == null ? 0 : z.lowWmarkPages())
        .put("wmark_high", z == null ? 0 : z.highWmarkPages())
        .put("mark", r.markPages())
        .put("alloc_flags", AllocFlags.format(r.allocFlags()))
        .put("reserve", r.tier().traceName())
        .end();
  }

  // ---- freeing ----

  /**
   * Frees a block returned by {@link #allocate} with the same order; emits {@code mm_page_free}
   * ({@code pfn}, {@code order}, then {@code zone}, {@code free_before}).
   *
   * @throws IllegalArgumentException if the pfn is not an allocated block of that order
   */
  public void free(long pfn, int order) {
    Zone z = zoneOf(pfn);
    checkArgument(z != null, "pfn 0x%s is in no zone", Long.toHexString(pfn));
    long freeBefore = z.freePages();
    z.freeArea().free(pfn, order);
    if (tracer.enabled()) {
      tracer.begin("mm_page_free", clockNs.getAsLong())
          .put("pfn", pfn)
          .put("order", order)
          .put("zone", z.name())
          .put("free_before", freeBefore)
          .end();
    }
  }

  private Zone zoneOf(long pfn) {
    for (Zone z : zones) {
      if (pfn >= z.spec().startPfn() && pfn < z.spec().endPfn()) {
        return z;
      }
    }
    return null;
  }

  /**
   * {@code unreserve_highatomic_pageblock()} over the zonelist of {@code gfpMask} (for the
   * reclaim path): the first zone that gives back a block ends the walk.
   */
  public boolean unreserveHighatomicPageblock(int gfpMask, boolean force) {
    int highestIdx = Gfp.zone(gfpMask).index();
    int mt = Gfp.migratetype(gfpMask);
    for (int i = highestIdx; i >= 0; i--) {
      Zone z = zonesByIndex[i];
      if (z != null && z.managedPages() > 0
          && z.freeArea().unreserveHighatomicPageblock(force, mt)) {
        return true;
      }
    }
    return false;
  }

  /** Every zone's invariants ({@link Zone#checkInvariants()}). */
  public void checkInvariants() {
    for (Zone z : zones) {
      z.checkInvariants();
    }
  }
}

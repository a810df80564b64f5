package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The page allocator of the single emulated node: zones, sysctls, per-CPU lists, the allocation
 * paths of {@code __alloc_frozen_pages_noprof()} (mm/page_alloc.c), kswapd, direct reclaim from a
 * modelled reclaimable pool, the OOM killer hook and {@code warn_alloc()}.
 *
 * <p>The API a machine calls: {@link #request} and {@link AllocRequest#advance()} for
 * allocations (blocking callers may sleep in direct reclaim); {@link #allocate(int, int,
 * AllocContext)} for callers that cannot block; {@link #free(long, int, AllocContext)};
 * {@link #pcpLock}/{@link #pcpUnlock} around a task's allocation step; {@link #lruAdd} for
 * page-cache and anonymous pages; {@link #startKswapd}, {@link #setOomVictimSelector},
 * {@link #setReclaimCostPerPageNs}; the sysctl setters; {@link #vmstat()};
 * {@link #checkInvariants()}.
 *
 * <p>Simplifications: one node; no cpusets, CMA, memcg charging, fault injection,
 * {@code node_reclaim}, compaction or {@code defrag_mode}; the task is never PF_MEMALLOC, an OOM
 * victim or RT, so only __GFP_MEMALLOC triggers ALLOC_NO_WATERMARKS; reclaim as in
 * {@link Reclaim}; kswapd as in {@link Kswapd}.
 */
public final class PageAllocator {
  private final Zone[] zonesByIndex = new Zone[ZoneType.COUNT];
  private final ImmutableList<Zone> zones;
  /**
   * {@link #preferredZone} by highest zone index, and whether DMA32 has managed pages: both are
   * fixed at boot (the layout and managed counts never change), and every allocation asks.
   */
  private final Zone[] preferredByIndex = new Zone[ZoneType.COUNT];
  private final boolean hasDma32;
  /**
   * {@link #zones} as an array, for the per-call walks ({@link #zoneOf}): iterating a
   * one-element ImmutableList builds an iterator object on every call.
   */
  private final Zone[] zoneArray;
  private final Tracer tracer;
  private final LongSupplier clockNs;
  /** The request {@link #allocate} restarts; never handed out. */
  private AllocRequest spareRequest;

  private int minFreeKbytes = 1024;
  private int userMinFreeKbytes = -1;
  private int watermarkScaleFactor = Watermarks.DEFAULT_WATERMARK_SCALE_FACTOR;
  private int watermarkBoostFactor = Watermarks.DEFAULT_WATERMARK_BOOST_FACTOR;
  private final int[] lowmemReserveRatio = new int[ZoneType.COUNT];
  private int percpuPagelistHighFraction;

  private final int cpus;
  private final PerCpuPages[] pcpByZone = new PerCpuPages[ZoneType.COUNT];
  /** Per CPU: a task holds this CPU's pcp lock ({@link #pcpLock}). */
  private final boolean[] pcpLocked;
  final MmTrace trace;
  final VmStat vmstat = new VmStat();
  final Reclaim reclaim;
  final ReclaimFaults faults = new ReclaimFaults();
  private final WarnAllocLimiter warnLimiter = new WarnAllocLimiter();
  private OomVictimSelector oomSelector = OomVictimSelector.NONE;
  private Kswapd kswapd;
  private ZoneLockListener zoneLockListener = ZoneLockListener.NONE;
  /** The caller of the buddy operation in progress, for extfrag records. */
  private AllocContext currentCtx;

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
    this(layout, 1, tracer, clockNs);
  }

  /**
   * Boots the allocator for a machine of {@code cpus} CPUs (each gets per-CPU lists in every
   * zone); otherwise as {@link #PageAllocator(ZoneLayout, Tracer, LongSupplier)}.
   */
  public PageAllocator(ZoneLayout layout, int cpus, Tracer tracer, LongSupplier clockNs) {
    checkArgument(cpus >= 1, "cpus %s below 1", cpus);
    this.tracer = checkNotNull(tracer);
    this.clockNs = checkNotNull(clockNs);
    this.cpus = cpus;
    this.pcpLocked = new boolean[cpus];
    this.trace = new MmTrace(tracer, clockNs);
    ImmutableList.Builder<Zone> built = ImmutableList.builder();
    for (ZoneSpec spec : layout.zones()) {
      Zone z = new Zone(spec, cpus);
      zonesByIndex[spec.type().index()] = z;
      pcpByZone[spec.type().index()] = new PerCpuPages(z, cpus);
      z.freeArea().setExtfragListener((pfn, ao, fo, amt, fmt, own) -> {
        if (trace.on()) {
          trace.extfrag(currentCtx, pfn, ao, fo, amt, fmt, own, z);
        }
      });
      built.add(z);
    }
    zones = built.build();
    for (int highest = 0; highest < ZoneType.COUNT; highest++) {
      for (int i = highest; i >= 0; i--) {
        if (zonesByIndex[i] != null && zonesByIndex[i].managedPages() > 0) {
          preferredByIndex[highest] = zonesByIndex[i];
          break;
        }
      }
    }
    Zone dma32 = zonesByIndex[ZoneType.DMA32.index()];
    hasDma32 = dma32 != null && dma32.managedPages() > 0;
    zoneArray = zones.toArray(new Zone[0]);
    this.reclaim = new Reclaim(zonesByIndex);
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

  /**
   * Recomputes every zone's watermarks ({@code setup_per_zone_wmarks()}); resets boosts; then,
   * as {@code setup_per_zone_wmarks()} ends, {@code zone_pcp_update()} for every zone (pcp high
   * follows the low watermark).
   */
  private void setupPerZoneWmarks() {
    long[][] marks = Watermarks.setupPerZoneWmarks(managed(), minFreeKbytes, watermarkScaleFactor);
    for (Zone z : zones) {
      z.setWatermarks(marks[z.type().index()]);
    }
    if (pcpByZone[zones.get(0).type().index()] != null) {
      for (Zone z : zones) {
        pcpByZone[z.type().index()].setHighAndBatch(percpuPagelistHighFraction);
      }
    }
  }

  /**
   * Writes {@code vm.percpu_pagelist_high_fraction} (0, or at least 8) and recomputes every
   * zone's pcp high ({@code percpu_pagelist_high_fraction_sysctl_handler()}).
   */
  public void setPercpuPagelistHighFraction(int fraction) {
    checkArgument(fraction == 0 || fraction >= 8,
        "percpu_pagelist_high_fraction %s is neither 0 nor at least 8", fraction);
    percpuPagelistHighFraction = fraction;
    for (Zone z : zones) {
      pcpByZone[z.type().index()].setHighAndBatch(fraction);
    }
  }

  /** {@code vm.percpu_pagelist_high_fraction}. */
  public int percpuPagelistHighFraction() {
    return percpuPagelistHighFraction;
  }

  /** {@code vm.watermark_scale_factor}. */
  public int watermarkScaleFactor() {
    return watermarkScaleFactor;
  }

  /** {@code vm.watermark_boost_factor}. */
  public int watermarkBoostFactor() {
    return watermarkBoostFactor;
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

  /** The zone at that index, or null. */
  Zone zone(int index) {
    return zonesByIndex[index];
  }

  /** CPUs the allocator was booted for. */
  public int cpus() {
    return cpus;
  }

  /** The per-CPU lists' {@code count} of {@code cpu} in {@code zone} (/proc/zoneinfo). */
  public int pcpCount(ZoneType zone, int cpu) {
    return pcpByZone[zone.index()].count[cpu];
  }

  /** {@code pcp->high}, {@code batch}, {@code high_min}, {@code high_max} of a CPU in a zone. */
  public int[] pcpHighBatchMinMax(ZoneType zone, int cpu) {
    PerCpuPages p = pcpByZone[zone.index()];
    return new int[] {p.high[cpu], p.batch, p.highMin, p.highMax};
  }

  /** The event counters (/proc/vmstat). */
  public VmStat vmstat() {
    return vmstat;
  }

  // ---- wiring ----

  /**
   * Starts kswapd0 on the simulation (see {@link Kswapd}); without it, wakeups are traced but
   * nobody reclaims in the background.
   */
  public void startKswapd(Simulation simulation) {
    checkState(kswapd == null, "kswapd already started");
    kswapd = new Kswapd(this, checkNotNull(simulation));
  }

  /** The OOM killer's view of the tasks; default {@link OomVictimSelector#NONE}. */
  public void setOomVictimSelector(OomVictimSelector selector) {
    oomSelector = checkNotNull(selector);
  }

  /** The reclaim fault sites, all off until a run enables them (see {@link ReclaimFaults}). */
  public ReclaimFaults reclaimFaults() {
    return faults;
  }

  /** The emulated time reclaim spends per page (kswapd and direct reclaim alike). */
  public void setReclaimCostPerPageNs(long costNs) {
    checkArgument(costNs >= 0, "negative reclaim cost %s", costNs);
    reclaim.costPerPageNs = costNs;
  }

  /** Who gives the {@code zone->lock} sections time; default {@link ZoneLockListener#NONE}. */
  public void setZoneLockListener(ZoneLockListener listener) {
    zoneLockListener = checkNotNull(listener);
  }

  // ---- per-CPU lock ----

  /**
   * Marks {@code cpu}'s per-CPU lists as locked, as a task inside {@code rmqueue_pcplist()} or
   * {@code free_frozen_page_commit()} holds {@code pcp->lock} with IRQs enabled. An allocation or
   * free on that CPU while it is held finds the trylock failing and goes to the buddy lists
   * under the zone lock ({@code mm_pcp_bypass}). One lock per CPU covers all zones here.
   */
  public void pcpLock(int cpu) {
    checkArgument(cpu >= 0 && cpu < cpus, "cpu %s outside 0..%s", cpu, cpus - 1);
    checkState(!pcpLocked[cpu], "cpu %s pcp lock already held", cpu);
    pcpLocked[cpu] = true;
  }

  /** Releases {@link #pcpLock}. */
  public void pcpUnlock(int cpu) {
    checkArgument(cpu >= 0 && cpu < cpus, "cpu %s outside 0..%s", cpu, cpus - 1);
    checkState(pcpLocked[cpu], "cpu %s pcp lock not held", cpu);
    pcpLocked[cpu] = false;
  }

  // ---- allocation ----

  /**
   * Allocates {@code 2^order} pages for a caller on no CPU; runs the whole slow path at once,
   * ignoring the time direct reclaim would take (for tests and boot work).
   *
   * @param atomicContext the caller cannot sleep (interrupt or other atomic context)
   * @throws IllegalArgumentException for a negative order or an invalid mask (GFP_ZONE_BAD, or
   *     MOVABLE with RECLAIMABLE)
   */
  public AllocResult allocate(int order, int gfpMask, boolean atomicContext) {
    return allocate(order, gfpMask,
        atomicContext ? AllocContext.NONE_ATOMIC : AllocContext.NONE_TASK);
  }

  /**
   * Allocates for {@code ctx}; the whole request at once, ignoring any time direct reclaim would
   * take. Machines with blocking callers use {@link #request} instead, so the task sleeps.
   */
  public AllocResult allocate(int order, int gfpMask, AllocContext ctx) {
    // Restart the previous call's request (it is internal and finished), so that a call builds
    // only its result record; a call made while that request is still running (from inside it)
    // gets a fresh one.
    AllocRequest spare = spareRequest;
    AllocRequest r = spare != null && spare.isDone()
        ? request(order, gfpMask, ctx, spare)
        : request(order, gfpMask, ctx);
    if (!r.tryFastPath()) {
      while (r.advanceNs() != 0) {
        // the sleeps direct reclaim asks for are not taken here
      }
    }
    spareRequest = r;
    return r.result();
  }

  /**
   * Starts an allocation of {@code 2^order} pages with {@code gfpMask} for {@code ctx}; run it with
   * {@link AllocRequest#advance()}.
   *
   * @throws IllegalArgumentException for a negative order, a CPU outside the machine, or an
   *     invalid mask (GFP_ZONE_BAD, or MOVABLE with RECLAIMABLE)
   */
  public AllocRequest request(int order, int gfpMask, AllocContext ctx) {
    checkArgument(order >= 0, "negative order %s", order);
    checkArgument(ctx.cpu() < cpus, "cpu %s outside 0..%s", ctx.cpu(), cpus - 1);
    return new AllocRequest(this, order, gfpMask, ctx); // validates the mask
  }

  /**
   * {@link #request(int, int, AllocContext)}, but restarting {@code finished} (a request of this
   * allocator whose {@code advance()} returned done) instead of building a new one, or building
   * one when it is null: for a caller that makes call after call (the machine's port), so that an
   * allocation does not cost a request object.
   */
  public AllocRequest request(int order, int gfpMask, AllocContext ctx, AllocRequest finished) {
    if (finished == null) {
      return request(order, gfpMask, ctx);
    }
    checkArgument(finished.owner() == this, "a request of another allocator");
    checkArgument(order >= 0, "negative order %s", order);
    checkArgument(ctx.cpu() < cpus, "cpu %s outside 0..%s", ctx.cpu(), cpus - 1);
    finished.reuseFor(order, gfpMask, ctx); // validates the mask
    return finished;
  }

  /** The first zone with managed pages at or below {@code highestIdx}, or null. */
  Zone preferredZone(int highestIdx) {
    return preferredByIndex[highestIdx];
  }

  boolean hasDma32() {
    return hasDma32;
  }

  /** Mutable scratch for one request's attempts. */
  static final class Attempt {
    long pfn = -1;
    Zone zone;
    long freeBefore;
    long mark;
    int flags;
    boolean fromHighatomic;
    boolean boostWake;

    /** Back to the state of a new attempt (for a reused request). */
    void clear() {
      pfn = -1;
      zone = null;
      freeBefore = 0;
      mark = 0;
      flags = 0;
      fromHighatomic = false;
      boostWake = false;
    }
  }

  /**
   * {@code get_page_from_freelist()}: zones from {@code highest} down; ZONE_BELOW_HIGH is set
   * when a zone fails high; each must pass {@code zone_watermark_fast()} at its mark (or the
   * caller has ALLOC_NO_WATERMARKS); then {@code rmqueue()}, and with ALLOC_HIGHATOMIC
   * {@code reserve_highatomic_pageblock()}. Under ALLOC_NOFRAGMENT a full failure retries once
   * without it.
   */
  boolean getPageFromFreelist(Attempt a, int order, int flags, int highestIdx, int mt,
      AllocContext ctx) {
    while (true) {
      for (int i = highestIdx; i >= 0; i--) {
        Zone z = zonesByIndex[i];
        if (z == null || z.managedPages() == 0) {
          continue;
        }
        if (!z.belowHigh && !WatermarkCheck.zoneWatermarkFast(z, order,
            z.wmarkPages(Watermarks.WMARK_HIGH), highestIdx, flags)) {
          z.belowHigh = true;
        }
        long mark = z.wmarkPages(flags & AllocFlags.WMARK_MASK);
        if (!WatermarkCheck.zoneWatermarkFast(z, order, mark, highestIdx, flags)
            && (flags & AllocFlags.NO_WATERMARKS) == 0) {
          continue; // node_reclaim is off by default
        }
        long freeBefore = z.freePages();
        long pfn = rmqueue(z, order, mt, flags, ctx);
        if ((flags & AllocFlags.KSWAPD) != 0 && z.takeBoostedWatermarkFlag()) {
          a.boostWake = true;
          wakeupKswapd(z, 0, 0, z.type().index(), ctx); // rmqueue(): boosted watermark
        }
        if (pfn >= 0) {
          if ((flags & AllocFlags.HIGHATOMIC) != 0) {
            z.freeArea().reserveHighatomicPageblock(pfn, order);
          }
          a.pfn = pfn;
          a.zone = z;
          a.freeBefore = freeBefore;
          a.mark = mark;
          a.flags = flags;
          return true;
        }
      }
      if ((flags & AllocFlags.NOFRAGMENT) == 0) {
        return false;
      }
      flags &= ~AllocFlags.NOFRAGMENT;
    }
  }

  /**
   * {@code rmqueue()}: orders 0..3 from a CPU try the per-CPU list ({@code rmqueue_pcplist()},
   * trylock), and fall back to {@code rmqueue_buddy()} when the lock is busy or the refill found
   * nothing.
   */
  private long rmqueue(Zone z, int order, int mt, int flags, AllocContext ctx) {
    FreeArea area = z.freeArea();
    lastFromHighatomic = false;
    boolean bypass = false;
    if (order <= PageOrder.COSTLY_ORDER && ctx.onCpu()) {
      if (pcpLocked[ctx.cpu()]) {
        bypass = true;
      } else {
        long pfn = rmqueuePcplist(z, ctx, order, mt, flags);
        if (pfn >= 0) {
          return pfn;
        }
      }
    }
    currentCtx = ctx;
    long pfn = area.rmqueue(order, mt, flags);
    zoneLockListener.section(ctx, z.type(), pfn >= 0 ? 1 : 0); // rmqueue_buddy()
    z.applyBoosts(area.takeBoostRequests(), flags, watermarkBoostFactor);
    if (pfn >= 0) {
      lastFromHighatomic = area.lastFromHighatomic();
      if (trace.on()) {
        trace.zoneLocked(ctx, pfn, order, mt, z);
      }
    }
    if (bypass) {
      vmstat.add(VmStat.Item.PCP_BYPASS, 1);
      if (trace.on()) {
        trace.pcpBypass(ctx, "alloc", pfn, order, z);
      }
    }
    return pfn;
  }

  private boolean lastFromHighatomic;

  /** {@code __rmqueue_pcplist()}: refill an empty list in a batch, then take its head. */
  private long rmqueuePcplist(Zone z, AllocContext ctx, int order, int mt, int flags) {
    PerCpuPages pcp = pcpByZone[z.type().index()];
    FreeArea area = z.freeArea();
    int cpu = ctx.cpu();
    pcp.freeCount[cpu] >>= 1;
    int pindex = FreeArea.pindex(order, mt);
    if (area.pcpEmpty(cpu, pindex)) {
      int n = pcp.nrPcpAlloc(cpu, order);
      currentCtx = ctx;
      int taken = 0;
      for (; taken < n; taken++) {
        long pfn = area.pcpRefillOne(cpu, order, mt, flags);
        if (pfn < 0) {
          break;
        }
        pcp.count[cpu] += 1 << order;
        if (trace.on()) {
          trace.zoneLocked(ctx, pfn, order, mt, z);
        }
      }
      zoneLockListener.section(ctx, z.type(), taken); // rmqueue_bulk()
      z.applyBoosts(area.takeBoostRequests(), flags, watermarkBoostFactor);
      if (area.pcpEmpty(cpu, pindex)) {
        return -1;
      }
    }
    pcp.count[cpu] -= 1 << order;
    return area.pcpTakeHead(cpu, pindex, mt);
  }

  /**
   * Ends a request of an order above MAX_PAGE_ORDER: failed, no zone, no tracepoint, no
   * warn_alloc (the outcome goes to {@code req.outcome}).
   */
  void overOrder(AllocRequest req) {
    RequestResult r = req.outcome;
    r.clear();
    r.sleepInAtomic = req.ctx.atomic() && Gfp.allowsBlocking(req.gfp);
  }

  /**
   * Ends a request: counters, {@code mm_page_alloc}, and for failures {@code warn_alloc()}. The
   * outcome goes to {@code req.outcome}, not to a new {@link AllocResult}: most requests are the
   * machine's, which read the pfn alone.
   */
  void finish(Attempt a, AllocRequest req, boolean wakeKswapd, boolean directReclaim) {
    Zone z = a.zone;
    boolean ok = a.pfn >= 0;
    ReserveTier tier = z == null ? ReserveTier.FAILED : reserveTier(a, req, ok);
    boolean warn = !ok && (req.gfp & Gfp.NOWARN) == 0;
    boolean printed = warn && warnLimiter.allow(trace.nowNs());
    RequestResult r = req.outcome;
    r.pfn = a.pfn;
    r.zone = z == null ? null : z.type();
    r.tier = tier;
    r.freeBeforePages = a.freeBefore;
    r.markPages = a.mark;
    r.allocFlags = a.flags;
    r.wakeKswapd = wakeKswapd || a.boostWake;
    r.directReclaim = directReclaim;
    r.warnAlloc = warn;
    r.warnPrinted = printed;
    r.sleepInAtomic = req.ctx.atomic() && Gfp.allowsBlocking(req.gfp);
    vmstat.add(VmStat.reserve(tier), 1);
    if (ok) {
      vmstat.add(VmStat.pgalloc(z.type()), 1L << req.order);
    }
    if (trace.on()) {
      traceAlloc(req);
    }
    if (warn) {
      warnAlloc(req, printed);
    }
  }

  /**
   * {@link ReserveTier#classify} for an attempt that reached zone {@code a.zone}; a method of its
   * own so that {@link #finish} stays small enough to be inlined.
   */
  private ReserveTier reserveTier(Attempt a, AllocRequest req, boolean ok) {
    Zone z = a.zone;
    return ReserveTier.classify(ok, ok && lastFromHighatomic, a.freeBefore, req.order,
        z.rawWatermark(Watermarks.WMARK_MIN), z.rawWatermark(Watermarks.WMARK_LOW),
        z.lowmemReserve(req.highestIdx), a.flags);
  }

  /**
   * The {@code warn_alloc()} report of a failed request, printed or counted as suppressed. Out of
   * {@link #finish} so that it, which runs per allocation, stays small enough to be inlined.
   */
  private void warnAlloc(AllocRequest req, boolean printed) {
    if (printed) {
      if (trace.on()) {
        trace.begin("warn_alloc", req.ctx)
            .put("message", warnAllocMessage(req.ctx.comm(), req.order, req.gfp))
            .put("callbacks_suppressed", warnLimiter.reportMissed()).end();
      }
    } else {
      vmstat.add(VmStat.Item.WARN_ALLOC_SUPPRESSED, 1);
    }
  }

  /**
   * The first line {@code warn_alloc()} prints: {@code "%s: %pV, mode:%#x(%pGg), nodemask=%*pbl"}
   * with the message {@code page allocation failure: order:%u} and a NULL nodemask.
   */
  public static String warnAllocMessage(String comm, int order, int gfp) {
    String mode = gfp == 0 ? "0" : "0x" + Integer.toHexString(gfp);
    return comm + ": page allocation failure: order:" + order + ", mode:" + mode + "("
        + Gfp.format(gfp) + "), nodemask=(null)";
  }

  /**
   * Emits {@code mm_page_alloc}: the context prefix, Linux's fields ({@code pfn}, -1 on failure
   * as the raw tracepoint field holds, {@code order}, {@code migratetype}, {@code gfp_flags}),
   * then {@code zone}, {@code free_before}, {@code wmark_min}, {@code wmark_low},
   * {@code wmark_high} (boost included), {@code mark}, {@code alloc_flags} and {@code reserve}.
   * The hashed {@code page} pointer is left out: it carries no information.
   */
  private void traceAlloc(AllocRequest req) {
    RequestResult r = req.outcome;
    Zone z = r.zone == null ? null : zonesByIndex[r.zone.index()];
    trace.begin("mm_page_alloc", req.ctx)
        .put("pfn", r.pfn)
        .put("order", req.order)
        .put("migratetype", req.mt)
        .put("gfp_flags", Gfp.formatForTrace(req.gfp))
        .put("zone", z == null ? "none" : z.name())
        .put("free_before", r.freeBeforePages)
        .put("wmark_min", z == null ? 0 : z.minWmarkPages())
        .put("wmark_low", z == null ? 0 : z.lowWmarkPages())
        .put("wmark_high", z == null ? 0 : z.highWmarkPages())
        .put("mark", r.markPages)
        .put("alloc_flags", AllocFlags.format(r.allocFlags))
        .put("reserve", r.tier.traceName())
        .end();
  }

  // ---- kswapd, reclaim, OOM (called by AllocRequest and Kswapd) ----

  /** {@code wake_all_kswapds()}: one {@code wakeup_kswapd()} for the node's first zone. */
  void wakeAllKswapds(int order, int gfp, int highestIdx, AllocContext ctx) {
    Zone z = preferredZone(highestIdx);
    if (z != null) {
      wakeupKswapd(z, gfp, order, highestIdx, ctx);
    }
  }

  private void wakeupKswapd(Zone z, int gfp, int order, int highestIdx, AllocContext ctx) {
    if (kswapd != null) {
      kswapd.wakeup(z, gfp, order, highestIdx, ctx);
    }
  }

  /**
   * {@code pgdat_balanced()}: some managed zone at or below {@code highestIdx} passes
   * {@code __zone_watermark_ok()} at high + boost with no ALLOC flags.
   */
  boolean pgdatBalanced(int order, int highestIdx) {
    for (int i = 0; i <= highestIdx; i++) {
      Zone z = zonesByIndex[i];
      if (z != null && z.managedPages() > 0 && WatermarkCheck.zoneWatermarkOk(z, order,
          z.highWmarkPages(), highestIdx, 0)) {
        return true;
      }
    }
    return false;
  }

  /** {@code pgdat_watermark_boosted()}. */
  boolean watermarkBoosted(int highestIdx) {
    for (int i = highestIdx; i >= 0; i--) {
      Zone z = zonesByIndex[i];
      if (z != null && z.managedPages() > 0 && z.watermarkBoost() > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Frees a reclaimed batch to the buddy lists ({@code mm_page_free} for each block, no context
   * prefix for kswapd) and counts pgfree.
   *
   * @return pages freed
   */
  long freeReclaimed(Reclaim.Batch b, AllocContext ctx) {
    long freed = 0;
    for (int i = 0; i < b.blocks; i++) {
      long pfn = b.pfns[i];
      Zone z = zoneOf(pfn);
      long before = z.freePages();
      int order = z.freeArea().blockOrder(pfn);
      long pages = z.freeArea().freeIsolated(pfn);
      if (pages > 0) {
        freed += pages;
        vmstat.add(VmStat.Item.PGFREE, pages);
        if (trace.on()) {
          trace.pageFree(ctx, pfn, order, z, before);
        }
      }
    }
    return freed;
  }

  /** {@code mm_vmscan_direct_reclaim_begin}, allocstall, and isolation of one batch. */
  Reclaim.Batch directReclaimBegin(int order, int gfp, int highestIdx, AllocContext ctx) {
    if (trace.on()) {
      trace.begin("mm_vmscan_direct_reclaim_begin", ctx).put("order", order)
          .put("gfp_flags", Gfp.formatForTrace(gfp)).end();
    }
    vmstat.add(VmStat.allocstall(ZoneType.values()[highestIdx]), 1);
    return isolateForReclaim(highestIdx, ctx, "direct");
  }

  /**
   * One reclaim batch for kswapd ({@code ctx} null) or direct reclaim: isolated from the lists,
   * or empty when the {@code reclaim_no_progress} fault blocks this attempt (traced).
   */
  Reclaim.Batch isolateForReclaim(int highestIdx, AllocContext ctx, String reclaimer) {
    if (faults.blocksReclaim(clockNs.getAsLong())) {
      if (trace.on()) {
        trace.begin("fault_inject", ctx).put("site", "reclaim_no_progress")
            .put("reclaimer", reclaimer).end();
      }
      return new Reclaim.Batch();
    }
    return reclaim.isolate(highestIdx);
  }

  /** Frees the batch and emits {@code mm_vmscan_direct_reclaim_end}; returns pages reclaimed. */
  long directReclaimEnd(Reclaim.Batch b, AllocContext ctx) {
    long freed = freeReclaimed(b, ctx);
    vmstat.add(VmStat.Item.PGSCAN_DIRECT, b.pages);
    vmstat.add(VmStat.Item.PGSTEAL_DIRECT, freed);
    if (freed > 0 && kswapd != null) {
      kswapd.failures = 0;
    }
    if (trace.on()) {
      trace.begin("mm_vmscan_direct_reclaim_end", ctx).put("nr_reclaimed", freed).end();
    }
    return freed;
  }

  /** The zone loop of {@code should_reclaim_retry()}: free + reclaimable against min. */
  boolean anyZoneCouldReclaimToMin(int order, int flags, int highestIdx) {
    for (int i = highestIdx; i >= 0; i--) {
      Zone z = zonesByIndex[i];
      if (z == null || z.managedPages() == 0) {
        continue;
      }
      long available = Reclaim.reclaimablePages(z) + z.freePages();
      if (WatermarkCheck.zoneWatermarkOk(z.freeArea(), order, z.minWmarkPages(),
          z.lowmemReserve(highestIdx), flags, available)) {
        return true;
      }
    }
    return false;
  }

  /** {@code out_of_memory()} with a {@code __GFP_FS} mask: select and kill; true if killed. */
  boolean oomKill(int order, int gfp, AllocContext ctx) {
    Optional<OomVictim> victim = oomSelector.select(ctx, order, gfp);
    if (victim.isEmpty()) {
      return false;
    }
    OomVictim v = victim.get();
    vmstat.add(VmStat.Item.OOM_KILL, 1);
    if (trace.on()) {
      trace.begin("oom_kill", ctx).put("order", order).put("gfp_flags", Gfp.formatForTrace(gfp))
          .put("victim_pid", v.pid()).put("victim_comm", v.comm())
          .put("victim_rss_pages", v.rssPages()).end();
    }
    oomSelector.kill(v);
    return true;
  }

  /** {@code drain_all_pages(NULL)}: every CPU's lists in every zone back to the buddy. */
  public void drainAllPages(AllocContext ctx) {
    for (Zone z : zoneArray) {
      PerCpuPages pcp = pcpByZone[z.type().index()];
      for (int cpu = 0; cpu < cpus; cpu++) {
        if (pcp.count[cpu] > 0) {
          freePcppagesBulk(z, cpu, pcp.count[cpu], 0, ctx);
        }
      }
    }
  }

  /**
   * {@code free_pcppages_bulk()}: up to {@code count} pages, round-robin over the lists starting
   * after {@code pindex - 1}, each list from its tail, a whole list at a time.
   */
  private void freePcppagesBulk(Zone z, int cpu, int count, int pindex, AllocContext ctx) {
    PerCpuPages pcp = pcpByZone[z.type().index()];
    FreeArea area = z.freeArea();
    count = Math.min(count, pcp.count[cpu]);
    int p = pindex - 1;
    int blocks = 0;
    while (count > 0) {
      do {
        if (++p > FreeArea.PCP_LISTS - 1) {
          p = 0;
        }
      } while (area.pcpEmpty(cpu, p));
      int order = p / MigrateType.PCPTYPES;
      do {
        long pfn = area.pcpDrainTail(cpu, p);
        blocks++;
        count -= 1 << order;
        pcp.count[cpu] -= 1 << order;
        if (trace.on()) {
          trace.pcpuDrain(ctx, pfn, order, area.pageblockMigratetype(pfn), z);
        }
      } while (count > 0 && !area.pcpEmpty(cpu, p));
    }
    zoneLockListener.section(ctx, z.type(), blocks); // one zone->lock hold for the drain
  }

  // ---- LRU ----

  /**
   * Puts an allocated block on the file or anon reclaim list (youngest end); reclaim frees the
   * oldest first. Freeing the block takes it off again.
   *
   * @throws IllegalArgumentException if the pfn is not an allocated block of that order
   */
  public void lruAdd(long pfn, int order, Lru lru) {
    Zone z = zoneOf(pfn);
    if (z == null) { // not checkArgument: its message argument would be built on every call
      throw new IllegalArgumentException("pfn 0x" + Long.toHexString(pfn) + " is in no zone");
    }
    z.freeArea().lruAdd(pfn, order, lru == Lru.ANON);
  }

  /**
   * Fills the page cache at boot: order-0 movable pages from the highest zone down, never taking
   * a zone below its high watermark, each put on the file (or anon) list. Untraced, like the
   * rest of the boot state.
   *
   * @return pages actually placed (less than asked when memory runs short)
   */
  public long fillReclaimPool(long pages, Lru lru) {
    checkArgument(pages >= 0, "negative page count %s", pages);
    long placed = 0;
    for (int i = ZoneType.COUNT - 1; i >= 0 && placed < pages; i--) {
      Zone z = zonesByIndex[i];
      if (z == null) {
        continue;
      }
      while (placed < pages && z.freePages() > z.highWmarkPages()) {
        long pfn = z.freeArea().rmqueue(0, MigrateType.MOVABLE, AllocFlags.WMARK_HIGH);
        if (pfn < 0) {
          break;
        }
        z.freeArea().lruAdd(pfn, 0, lru == Lru.ANON);
        placed++;
      }
    }
    return placed;
  }

  // ---- freeing ----

  /** Frees a block from no CPU: straight to the buddy lists ({@code free_one_page()}). */
  public void free(long pfn, int order) {
    free(pfn, order, AllocContext.NONE_TASK);
  }

  /**
   * Frees a block returned by an allocation with the same order; mirrors
   * {@code __free_frozen_pages()}: {@code mm_page_free}, then orders 0..3 from a CPU go to its
   * per-CPU list ({@code free_frozen_page_commit()}, which may drain a batch), unless the pcp
   * trylock fails (then {@code free_one_page()}, traced {@code mm_pcp_bypass}). A block on an LRU
   * list leaves it.
   *
   * @throws IllegalArgumentException if the pfn is not an allocated block of that order
   */
  public void free(long pfn, int order, AllocContext ctx) {
    Zone z = zoneOf(pfn);
    if (z == null) { // not checkArgument: its message argument would be built on every call
      throw new IllegalArgumentException("pfn 0x" + Long.toHexString(pfn) + " is in no zone");
    }
    FreeArea area = z.freeArea();
    if (trace.on()) {
      trace.pageFree(ctx, pfn, order, z, z.freePages());
    }
    vmstat.add(VmStat.Item.PGFREE, 1L << order);
    if (order <= PageOrder.COSTLY_ORDER && ctx.onCpu()) {
      int cpu = ctx.cpu();
      if (!pcpLocked[cpu]) {
        freeToPcp(z, cpu, pfn, order, ctx);
        return;
      }
      area.free(pfn, order);
      zoneLockListener.section(ctx, z.type(), 1); // free_one_page()
      vmstat.add(VmStat.Item.PCP_BYPASS, 1);
      if (trace.on()) {
        trace.pcpBypass(ctx, "free", pfn, order, z);
      }
      return;
    }
    area.free(pfn, order);
    zoneLockListener.section(ctx, z.type(), 1); // __free_pages_ok() -> free_one_page()
  }

  /** {@code free_frozen_page_commit()} without the free_high heuristic. */
  private void freeToPcp(Zone z, int cpu, long pfn, int order, AllocContext ctx) {
    PerCpuPages pcp = pcpByZone[z.type().index()];
    int pindex = z.freeArea().pcpAddHead(cpu, pfn, order);
    pcp.allocFactor[cpu] >>= 1;
    pcp.count[cpu] += 1 << order;
    if (pcp.freeCount[cpu] < (pcp.batch << PerCpuPages.BATCH_SCALE_MAX)) {
      pcp.freeCount[cpu] += 1 << order;
    }
    int high = pcp.nrPcpHigh(cpu);
    if (pcp.count[cpu] >= high) {
      freePcppagesBulk(z, cpu, pcp.nrPcpFree(cpu, high), pindex, ctx);
      if (z.belowHigh && WatermarkCheck.zoneWatermarkOk(z, 0, z.highWmarkPages(),
          ZoneType.MOVABLE.index(), 0)) {
        z.belowHigh = false;
      }
    }
  }

  private Zone zoneOf(long pfn) {
    for (Zone z : zoneArray) {
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

  /**
   * Every zone's invariants ({@link Zone#checkInvariants()}: lists, counts, free + allocated +
   * per-CPU = managed, watermarks ordered, LRU lists) and every CPU's pcp counts and bounds.
   */
  public void checkInvariants() {
    for (Zone z : zones) {
      z.checkInvariants();
      pcpByZone[z.type().index()].checkInvariants();
    }
  }
}

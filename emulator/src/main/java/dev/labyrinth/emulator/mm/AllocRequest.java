package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.VerifyException;
import java.util.Locale;

/**
 * One allocation in flight through {@code __alloc_pages_slowpath()} (mm/page_alloc.c), steppable
 * because direct reclaim takes emulated time while the calling task sleeps. Get one from
 * {@link PageAllocator#request}, then call {@link #advance()} until it returns a done
 * {@link Progress}; after a blocked one, the caller sleeps {@code delayNs} and calls again.
 * Callers that cannot block (no __GFP_DIRECT_RECLAIM, or atomic context) are always done after
 * the first call. {@link #advanceNs()} is the same step answering with a primitive (0 for done,
 * else the sleep), and a done request's outcome can be read as {@link #pfn()} without building
 * an {@link AllocResult}: what a caller making call after call uses (the machine's port).
 *
 * <p>The order, as in Linux 6.18 (linux-mm.md 4.2): fast path at low; {@code gfp_to_alloc_flags()};
 * wake kswapd; attempt at min with the caller's reserves; <em>retry:</em> wake kswapd again, the
 * {@code __gfp_pfmemalloc_flags()} override, attempt; cannot reclaim: fail; direct reclaim
 * (SWAP_CLUSTER_MAX pages, {@code mm_vmscan_direct_reclaim_begin}/{@code _end}; the task sleeps
 * pages x cost_per_page), attempt, and after a failure with progress unreserve highatomic, drain
 * the per-CPU lists and attempt once more; __GFP_NORETRY: fail; costly order without
 * __GFP_RETRY_MAYFAIL: fail; {@code should_reclaim_retry()} (up to MAX_RECLAIM_RETRIES = 16
 * loops without progress, free + reclaimable against min); the OOM killer (attempt at high, then
 * {@link OomVictimSelector}); __GFP_NOFAIL's fallbacks; fail with {@code warn_alloc()}.
 *
 * <p>Simplifications: no compaction ({@code compact_stall} stays 0), no cpusets or races, the
 * task is never PF_MEMALLOC, RT or an OOM victim; a blocking mask in atomic context is reported
 * ({@link AllocResult#sleepInAtomic()}) and treated as non-blocking. Where Linux would spin
 * without sleeping (__GFP_NOFAIL with nothing to reclaim, or an OOM "progress" that freed
 * nothing, e.g. without __GFP_FS), the task sleeps one tick ({@link #TICK_NS}, HZ = 250) so
 * emulated time moves.
 */
public final class AllocRequest {
  /** MAX_RECLAIM_RETRIES (mm/internal.h). */
  public static final int MAX_RECLAIM_RETRIES = 16;
  /** One jiffy at HZ = 250. */
  public static final long TICK_NS = 4_000_000L;
  /** Slow-path passes one {@code advance()} may make before we call it our bug. */
  private static final int PASSES_MAX = 100_000;
  /** What {@link #advanceNs()} answers for a done request (a sleep is always &gt; 0). */
  private static final long DONE_NS = 0;
  /** {@link #mayOom()}: neither done nor asleep, go round the retry loop at once. */
  private static final long RETRY_NOW = -1;

  private enum Step { START, SLOW, RETRY, RECLAIM_END, DONE }

  private final PageAllocator alloc;
  // Not final: a finished request can be started again for a new call (reuseFor), which spares
  // the machine's port an object per allocation.
  int order;
  int gfp;
  AllocContext ctx;
  int highestIdx;
  int mt;
  private final PageAllocator.Attempt a = new PageAllocator.Attempt();
  private Step step;
  private int flags;
  private boolean wokeKswapd;
  private boolean enteredReclaim;
  private int noProgressLoops;
  private Reclaim.Batch batch;
  /** The outcome, written by {@link PageAllocator#finish} when the request ends. */
  final RequestResult outcome = new RequestResult();

  AllocRequest(PageAllocator alloc, int order, int gfp, AllocContext ctx) {
    this.alloc = alloc;
    start(order, gfp, ctx);
  }

  /**
   * Turns this finished request into a new one, in the state the constructor leaves: what
   * {@link PageAllocator#request(int, int, AllocContext, AllocRequest)} uses.
   */
  void reuseFor(int order, int gfp, AllocContext ctx) {
    checkState(step == Step.DONE, "only a finished request can be reused");
    if (gfp == this.gfp) {
      // The same mask as the call before: already validated, and its zone index and migratetype
      // are functions of the mask alone (a caller repeats its mask call after call).
      start(order, gfp, ctx, highestIdx, mt);
    } else {
      start(order, gfp, ctx);
    }
  }

  private void start(int order, int gfp, AllocContext ctx) {
    int highestIdx = Gfp.zone(gfp).index(); // both validate the mask: nothing changes if they throw
    int mt = Gfp.migratetype(gfp);
    start(order, gfp, ctx, highestIdx, mt);
  }

  private void start(int order, int gfp, AllocContext ctx, int highestIdx, int mt) {
    this.order = order;
    this.gfp = gfp;
    this.ctx = ctx;
    this.highestIdx = highestIdx;
    this.mt = mt;
    a.clear();
    step = Step.START;
    flags = 0;
    wokeKswapd = false;
    enteredReclaim = false;
    noProgressLoops = 0;
    batch = null;
    // No outcome.clear(): every way to DONE writes the whole outcome (PageAllocator.finish or
    // overOrder), and it can be read only when done, so a restart need not wipe it first.
  }

  PageAllocator owner() {
    return alloc;
  }

  /** Whether the request is done: an {@link #advance()} returned a done {@link Progress}. */
  public boolean isDone() {
    return step == Step.DONE;
  }

  /**
   * The first frame of the block the finished request got, or -1 when it failed: the outcome's
   * pfn without an {@link AllocResult}.
   *
   * @throws IllegalStateException when the request is not done
   */
  public long pfn() {
    checkState(step == Step.DONE, "the request is not done");
    return outcome.pfn;
  }

  /**
   * The outcome of the finished request, as a record built for this call.
   *
   * @throws IllegalStateException when the request is not done
   */
  public AllocResult result() {
    checkState(step == Step.DONE, "the request is not done");
    return outcome.toRecord(order, gfp, mt);
  }

  private boolean canDirectReclaim() {
    return Gfp.allowsBlocking(gfp) && !ctx.atomic();
  }

  private boolean has(int bit) {
    return (gfp & bit) != 0;
  }

  /**
   * The fast path alone, for {@link PageAllocator#allocate(int, int, AllocContext)}: true when it
   * succeeds (the request is done), else false with the request ready for {@link #advance()} to
   * go on with the slow path.
   */
  boolean tryFastPath() {
    if (order > PageOrder.MAX_PAGE_ORDER) {
      return false;
    }
    Zone preferred = alloc.preferredZone(highestIdx);
    if (preferred == null) {
      return false;
    }
    flags = AllocFlags.fastPath(gfp, preferred.type(), alloc.hasDma32());
    if (alloc.getPageFromFreelist(a, order, flags, highestIdx, mt, ctx)) {
      step = Step.DONE;
      alloc.finish(a, this, false, false);
      return true;
    }
    step = Step.SLOW;
    return false;
  }

  /** Runs the request until it is done or must sleep. */
  public Progress advance() {
    long delayNs = advanceNs();
    return delayNs == DONE_NS ? Progress.done(result()) : Progress.block(delayNs);
  }

  /**
   * {@link #advance()} without a {@link Progress} object: runs the request until it is done or
   * must sleep and answers 0 when it is done (read {@link #pfn()} or {@link #result()}), else how
   * long the task sleeps (&gt; 0) before it calls again.
   */
  public long advanceNs() {
    if (step == Step.START && tryFastPath()) {
      return DONE_NS;
    }
    return advanceSlowNs();
  }

  /**
   * The body of {@link #advanceNs()} past a first attempt that did not succeed: kept out of it so
   * that the call every allocation makes (most succeed at once) is small enough for the JIT to
   * inline into the caller. A request still at START here is one the fast path could not try.
   */
  private long advanceSlowNs() {
    checkState(step != Step.DONE, "the request is already done");
    for (int pass = 0; pass < PASSES_MAX; pass++) {
      switch (step) {
        case START -> {
          if (order > PageOrder.MAX_PAGE_ORDER) {
            // WARN_ON_ONCE_GFP and NULL before any tracepoint (__alloc_frozen_pages_noprof()).
            step = Step.DONE;
            alloc.overOrder(this);
            return DONE_NS;
          }
          Zone preferred = alloc.preferredZone(highestIdx);
          if (preferred == null) {
            return fail(null);
          }
          flags = AllocFlags.fastPath(gfp, preferred.type(), alloc.hasDma32());
          if (alloc.getPageFromFreelist(a, order, flags, highestIdx, mt, ctx)) {
            return done();
          }
          step = Step.SLOW;
        }
        case SLOW -> {
          flags = AllocFlags.gfpToAllocFlags(gfp, order, ctx.atomic());
          wakeAllKswapds();
          if (alloc.getPageFromFreelist(a, order, flags, highestIdx, mt, ctx)) {
            return done();
          }
          step = Step.RETRY;
        }
        case RETRY -> {
          wakeAllKswapds();
          int reserveFlags =
              AllocFlags.gfpPfmemallocFlags(gfp, ctx.atomic(), false, false, false);
          if (reserveFlags != 0) {
            flags = reserveFlags | (flags & AllocFlags.KSWAPD);
          }
          if (alloc.getPageFromFreelist(a, order, flags, highestIdx, mt, ctx)) {
            return done();
          }
          if (!canDirectReclaim()) {
            return nopage();
          }
          enteredReclaim = true;
          batch = alloc.directReclaimBegin(order, gfp, highestIdx, ctx);
          step = Step.RECLAIM_END;
          long delayNs = alloc.reclaim.batchNs(batch);
          if (delayNs > 0) {
            return delayNs;
          }
        }
        case RECLAIM_END -> {
          long progress = alloc.directReclaimEnd(batch, ctx);
          batch = null;
          if (progress > 0) {
            if (alloc.getPageFromFreelist(a, order, flags, highestIdx, mt, ctx)) {
              return done();
            }
            alloc.unreserveHighatomicPageblock(gfp, false);
            alloc.drainAllPages(ctx);
            if (alloc.getPageFromFreelist(a, order, flags, highestIdx, mt, ctx)) {
              return done();
            }
          }
          if (has(Gfp.NORETRY)) {
            return nopage();
          }
          if (order > PageOrder.COSTLY_ORDER && !(has(Gfp.RETRY_MAYFAIL) && has(Gfp.IO))) {
            return nopage();
          }
          if (shouldReclaimRetry(progress > 0)) {
            step = Step.RETRY;
            continue;
          }
          long oom = mayOom();
          if (oom != RETRY_NOW) {
            return oom;
          }
        }
        case DONE -> throw new IllegalStateException("unreachable");
        default -> throw new IllegalStateException("unknown step " + step);
      }
    }
    throw new VerifyException(String.format(Locale.ROOT,
        "allocation order %d gfp %s made %d slow-path passes in one step", order,
        Gfp.format(gfp), PASSES_MAX));
  }

  private void wakeAllKswapds() {
    if ((flags & AllocFlags.KSWAPD) != 0) {
      wokeKswapd = true;
      alloc.wakeAllKswapds(order, gfp, highestIdx, ctx);
    }
  }

  /**
   * {@code should_reclaim_retry()}: progress at order &lt;= 3 resets the loop count, else it
   * grows; more than 16 loops: no; otherwise yes if any eligible zone's free + reclaimable pages
   * pass the min watermark. Before a no, {@code unreserve_highatomic_pageblock(ac, true)}.
   */
  private boolean shouldReclaimRetry(boolean progress) {
    if (progress && order <= PageOrder.COSTLY_ORDER) {
      noProgressLoops = 0;
    } else {
      noProgressLoops++;
    }
    boolean retry = false;
    if (noProgressLoops <= MAX_RECLAIM_RETRIES) {
      retry = alloc.anyZoneCouldReclaimToMin(order, flags, highestIdx);
    }
    if (!retry) {
      retry = alloc.unreserveHighatomicPageblock(gfp, true);
    }
    return retry;
  }

  /**
   * {@code __alloc_pages_may_oom()} and what follows it: {@link #RETRY_NOW} means "go to retry
   * now"; otherwise {@link #DONE_NS} (the request finished) or a one-tick sleep.
   */
  private long mayOom() {
    int highFlags = AllocFlags.WMARK_HIGH | AllocFlags.CPUSET; // last try, no reclaim
    if (alloc.getPageFromFreelist(a, order, highFlags, highestIdx, mt, ctx)) {
      return done();
    }
    boolean progress = false;
    boolean killed = false;
    if (order <= PageOrder.COSTLY_ORDER && !has(Gfp.RETRY_MAYFAIL) && !has(Gfp.THISNODE)
        && highestIdx >= ZoneType.NORMAL.index()) {
      if (!has(Gfp.FS)) {
        progress = true; // out_of_memory() does not kill for IO-less reclaim, but says progress
      } else {
        killed = alloc.oomKill(order, gfp, ctx);
        progress = killed;
      }
    }
    if (has(Gfp.NOFAIL)) {
      progress = true;
      if (alloc.getPageFromFreelist(a, order, AllocFlags.NO_WATERMARKS, highestIdx, mt, ctx)) {
        return done();
      }
    }
    if (progress) {
      noProgressLoops = 0;
      step = Step.RETRY;
      if (!killed) {
        return TICK_NS;
      }
      return RETRY_NOW;
    }
    return nopage();
  }

  /** The {@code nopage:} label: __GFP_NOFAIL callers that can block keep trying. */
  private long nopage() {
    if (has(Gfp.NOFAIL) && canDirectReclaim()) {
      if (alloc.getPageFromFreelist(a, order, AllocFlags.MIN_RESERVE, highestIdx, mt, ctx)) {
        return done();
      }
      step = Step.RETRY;
      return TICK_NS;
    }
    return fail(alloc.preferredZone(highestIdx));
  }

  private long done() {
    step = Step.DONE;
    alloc.finish(a, this, wokeKswapd, enteredReclaim);
    return DONE_NS;
  }

  private long fail(Zone preferred) {
    step = Step.DONE;
    a.pfn = -1;
    if (preferred != null) {
      a.zone = preferred;
      a.freeBefore = preferred.freePages();
      a.mark = preferred.wmarkPages(flags & AllocFlags.WMARK_MASK);
      a.flags = flags;
    } else {
      a.zone = null;
    }
    alloc.finish(a, this, wokeKswapd, enteredReclaim);
    return DONE_NS;
  }
}

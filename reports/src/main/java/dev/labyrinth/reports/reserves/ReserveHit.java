package dev.labyrinth.reports.reserves;

/**
 * One allocation that dipped into a reserve (below the min watermark) or failed, with its cause.
 *
 * @param timeNs when it happened
 * @param cpu the CPU, -1 when none
 * @param caller who allocated ({@link Callers#of})
 * @param gfpFlags the GFP mask as the trace prints it
 * @param order the request's order
 * @param zone the zone tried last, {@code none} when none was
 * @param tier the {@code reserve} field: {@code min_reserve}, {@code atomic_reserve},
 *     {@code highatomic}, {@code no_watermarks} or {@code failed}
 * @param freeBeforePages the zone's free pages just before
 * @param minPages the zone's min watermark (boost included)
 * @param lowPages the zone's low watermark
 * @param highPages the zone's high watermark
 * @param atomicFloorPages 3/8 of min, below which even GFP_ATOMIC fails
 * @param drain what drained the zone, {@code null} when the zone is {@code none}
 * @param kswapd what kswapd was doing
 */
public record ReserveHit(long timeNs, int cpu, String caller, String gfpFlags, long order,
    String zone, String tier, long freeBeforePages, long minPages, long lowPages, long highPages,
    long atomicFloorPages, DrainCause drain, KswapdStatus kswapd) {

  /** Pages between free-before and the atomic floor; negative when already below it. */
  public long marginToAtomicFloorPages() {
    return freeBeforePages - atomicFloorPages;
  }

  /** Pages kswapd still had to reclaim to bring the zone back to high. */
  public long shortOfHighPages() {
    return Math.max(0, highPages - freeBeforePages);
  }
}

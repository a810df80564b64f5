package dev.labyrinth.emulator.mm;

/**
 * The outcome of one {@link PageAllocator#allocate} call. Running out of memory is a result
 * ({@link ReserveTier#FAILED}, pfn -1), never an exception.
 *
 * @param pfn first frame of the block, or -1
 * @param zone the zone the block came from; on failure the preferred zone (null only when the
 *     order exceeded MAX_PAGE_ORDER or no zone is eligible)
 * @param tier where the allocation stood against the reserves ({@link ReserveTier#classify})
 * @param freeBeforePages NR_FREE_PAGES of {@code zone} just before the allocation
 * @param markPages the watermark (boost included) the successful check used; on failure the one
 *     last checked in the preferred zone
 * @param allocFlags the ALLOC_* flags of the successful (or last) attempt
 * @param wakeKswapd the slow path called {@code wake_all_kswapds()}, or a watermark boost called
 *     {@code wakeup_kswapd()} (kswapd wakes only if it is waiting and the node unbalanced)
 * @param directReclaim the request entered direct reclaim at least once
 * @param warnAlloc the failure called {@code warn_alloc()} (no __GFP_NOWARN)
 * @param warnPrinted and its rate limit let the report through (a {@code warn_alloc} record)
 * @param sleepInAtomic a blocking mask was used in atomic context ({@code might_alloc()} would
 *     report "BUG: sleeping function called from invalid context"); reported, not enforced
 */
public record AllocResult(
    long pfn,
    int order,
    int gfpMask,
    int migratetype,
    ZoneType zone,
    ReserveTier tier,
    long freeBeforePages,
    long markPages,
    int allocFlags,
    boolean wakeKswapd,
    boolean directReclaim,
    boolean warnAlloc,
    boolean warnPrinted,
    boolean sleepInAtomic) {

  /** Whether a block was returned. */
  public boolean succeeded() {
    return pfn >= 0;
  }
}

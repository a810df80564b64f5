package dev.labyrinth.emulator.mm;

/**
 * The outcome of a finished {@link AllocRequest}, held in fields of the request instead of an
 * {@link AllocResult} record: the machine's port makes thousands of allocations per emulated
 * second and reads only the pfn, so building a record per call was the largest allocation of a
 * run. {@link #toRecord} materialises the record for callers that ask for one
 * ({@link AllocRequest#result()}).
 *
 * <p>The fields mean what the record components of the same names mean. Every way a request
 * ends writes all of them ({@link PageAllocator#finish}, or {@link #clear()} for an order above
 * MAX_PAGE_ORDER), and a request can be read only when done, so a restarted request keeps its
 * previous call's values until then without anyone seeing them.
 */
final class RequestResult {
  long pfn;
  ZoneType zone;
  ReserveTier tier;
  long freeBeforePages;
  long markPages;
  int allocFlags;
  boolean wakeKswapd;
  boolean directReclaim;
  boolean warnAlloc;
  boolean warnPrinted;
  boolean sleepInAtomic;

  RequestResult() {
    clear();
  }

  /** Back to "failed, no zone, nothing recorded". */
  void clear() {
    pfn = -1;
    zone = null;
    tier = ReserveTier.FAILED;
    freeBeforePages = 0;
    markPages = 0;
    allocFlags = 0;
    wakeKswapd = false;
    directReclaim = false;
    warnAlloc = false;
    warnPrinted = false;
    sleepInAtomic = false;
  }

  /** The record of this outcome for a request of {@code order}, {@code gfp} and {@code mt}. */
  AllocResult toRecord(int order, int gfp, int mt) {
    return new AllocResult(pfn, order, gfp, mt, zone, tier, freeBeforePages, markPages,
        allocFlags, wakeKswapd, directReclaim, warnAlloc, warnPrinted, sleepInAtomic);
  }
}

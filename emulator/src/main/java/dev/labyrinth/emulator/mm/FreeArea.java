package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.labyrinth.emulator.mm.PageOrder.MAX_PAGE_ORDER;
import static dev.labyrinth.emulator.mm.PageOrder.NR_PAGE_ORDERS;
import static dev.labyrinth.emulator.mm.PageOrder.PAGEBLOCK_NR_PAGES;
import static dev.labyrinth.emulator.mm.PageOrder.PAGEBLOCK_ORDER;

import com.google.common.base.VerifyException;
import java.util.Locale;

/**
 * The buddy allocator of one zone: {@code zone->free_area[]} with one free list per migratetype
 * per order, plus the per-frame and per-pageblock metadata the buddy code reads (mm/page_alloc.c).
 *
 * <p>Metadata is struct-of-arrays indexed by frame (pfn - start pfn): {@code int next, prev} links
 * of intrusive doubly-linked free lists, a {@code byte order} and a {@code byte state} (kind of
 * frame plus a migratetype), i.e. 10 bytes per frame, and one {@code byte} per pageblock for its
 * migratetype. No object per frame, no collections.
 *
 * <p>Frame kinds: RESERVED (not managed, never on a list), FREE (head of a PageBuddy block; state
 * holds the list's migratetype), ALLOC (head of an allocated block; state holds the migratetype
 * the caller asked for) and TAIL (any other frame of a free or allocated block).
 *
 * <p>Simplifications, stated where they apply: no per-CPU lists (every allocation and free goes
 * straight to the buddy lists, as {@code rmqueue_buddy()} and {@code free_one_page()} do); no CMA
 * or isolation; no compaction capture; no page shuffling; no debug guard pages.
 */
public final class FreeArea {
  static final int NONE = -1;

  private static final byte KIND_TAIL = 0;
  private static final byte KIND_FREE = 1;
  private static final byte KIND_ALLOC = 2;
  private static final byte KIND_RESERVED = 3;
  /** Head of a block held on a per-CPU list (not PageBuddy, not handed out). */
  private static final byte KIND_PCP = 4;
  /** Head of an allocated block isolated from its LRU list by reclaim, about to be freed. */
  private static final byte KIND_ISOLATED = 5;
  private static final int KIND_MASK = 0x7;
  private static final int MT_SHIFT = 3;
  /** An allocated head on a reclaim (LRU) list; {@link #LRU_ANON_BIT} says which list. */
  private static final int LRU_BIT = 0x20;
  private static final int LRU_ANON_BIT = 0x40;
  private static final int NR_LISTS = NR_PAGE_ORDERS * MigrateType.COUNT;
  /** Per-CPU lists per CPU: orders 0..3 times the three pcp types (no THP list, no THP). */
  static final int PCP_LISTS = (PageOrder.COSTLY_ORDER + 1) * MigrateType.PCPTYPES;

  private final String zoneName;
  private final long startPfn;
  private final int spannedPages;
  private final long managedPages;
  private final long firstPageblock;

  private final int[] next;
  private final int[] prev;
  private final byte[] order;
  private final byte[] state;
  private final byte[] pageblockMt;

  /**
   * List heads and tails: the buddy lists first ({@code order * COUNT + mt}), then
   * {@link #PCP_LISTS} per CPU, then the file and anon LRU lists. All are intrusive through
   * {@code next}/{@code prev}: a frame is on at most one list, so the links are shared.
   */
  private final int[] head;
  private final int[] tail;
  private final int cpus;
  private final int lruBase;
  private long pcpPages;
  private final long[] lruPages = new long[2];
  /** Reports fallbacks ({@code mm_page_alloc_extfrag}); null when nobody listens. */
  private ExtfragListener extfragListener;
  private final long[] nrFree = new long[NR_PAGE_ORDERS];
  private final long[] freePagesByMt = new long[MigrateType.COUNT];
  private long freePages;
  private long allocatedPages;
  private long nrReservedHighatomic;

  /** Fragmenting fallbacks seen by the last {@link #rmqueue} that asked for a watermark boost. */
  private int boostRequests;
  /** Whether the last successful {@link #rmqueue} took its block from a HIGHATOMIC list. */
  private boolean lastFromHighatomic;

  /**
   * Builds the free lists of a freshly booted zone. The first {@code spanned - managed} frames
   * are reserved (see {@link ZoneSpec}); every pageblock starts MIGRATE_MOVABLE, as
   * {@code memmap_init_range()} sets it; the managed range is freed in maximal naturally aligned
   * blocks of at most MAX_PAGE_ORDER, in ascending pfn order, each to the list tail, as
   * {@code memblock_free_all()} does through {@code __free_pages_core()} (FPI_TO_TAIL).
   */
  public FreeArea(ZoneSpec spec) {
    this(spec, 1);
  }

  /** A zone's free area with per-CPU lists for {@code cpus} CPUs. */
  public FreeArea(ZoneSpec spec, int cpus) {
    checkArgument(cpus >= 1, "cpus %s below 1", cpus);
    this.cpus = cpus;
    this.lruBase = NR_LISTS + cpus * PCP_LISTS;
    this.head = new int[lruBase + 2];
    this.tail = new int[lruBase + 2];
    this.zoneName = spec.type().linuxName();
    this.startPfn = spec.startPfn();
    this.spannedPages = (int) spec.spannedPages();
    this.managedPages = spec.managedPages();
    this.firstPageblock = startPfn >> PAGEBLOCK_ORDER;
    long lastPageblock = (startPfn + Math.max(spannedPages, 1) - 1) >> PAGEBLOCK_ORDER;
    this.next = new int[spannedPages];
    this.prev = new int[spannedPages];
    this.order = new byte[spannedPages];
    this.state = new byte[spannedPages];
    this.pageblockMt = new byte[(int) (lastPageblock - firstPageblock + 1)];
    java.util.Arrays.fill(pageblockMt, (byte) MigrateType.MOVABLE);
    java.util.Arrays.fill(head, NONE);
    java.util.Arrays.fill(tail, NONE);
    int reserved = (int) (spannedPages - managedPages);
    for (int i = 0; i < reserved; i++) {
      state[i] = KIND_RESERVED;
    }
    long pfn = startPfn + reserved;
    long end = startPfn + spannedPages;
    while (pfn < end) {
      int o = Math.min(MAX_PAGE_ORDER, Long.numberOfTrailingZeros(pfn));
      while (pfn + (1L << o) > end) {
        o--;
      }
      int idx = (int) (pfn - startPfn);
      addToFreeList(idx, o, MigrateType.MOVABLE, true);
      pfn += 1L << o;
    }
  }

  /** Receives {@code mm_page_alloc_extfrag} facts: a fallback took a block of another type. */
  interface ExtfragListener {
    void extfrag(long pfn, int allocOrder, int fallbackOrder, int allocMt, int fallbackMt,
        boolean changeOwnership);
  }

  void setExtfragListener(ExtfragListener listener) {
    this.extfragListener = listener;
  }

  // ---- queries used by the watermark check and the zone ----

  /** NR_FREE_PAGES of the zone (buddy pages only). */
  public long freePages() {
    return freePages;
  }

  /** {@code zone->nr_free_highatomic}: free pages on HIGHATOMIC lists. */
  public long nrFreeHighatomic() {
    return freePagesByMt[MigrateType.HIGHATOMIC];
  }

  /** {@code zone->nr_reserved_highatomic}. */
  public long nrReservedHighatomic() {
    return nrReservedHighatomic;
  }

  /** {@code free_area[order].nr_free}: free blocks of that order over all types. */
  public long nrFree(int order) {
    return nrFree[order];
  }

  /** Blocks on {@code free_area[order].free_list[mt]}, counted by walking it (for /proc). */
  public long listLength(int order, int migratetype) {
    long n = 0;
    for (int x = head[order * MigrateType.COUNT + migratetype]; x != NONE; x = next[x]) {
      n++;
    }
    return n;
  }

  /**
   * Pageblocks per migratetype, walking from the zone's start pfn in pageblock steps as
   * {@code pagetypeinfo_showblockcount_print()} does.
   */
  public long[] pageblockCounts() {
    long[] counts = new long[MigrateType.COUNT];
    for (long pfn = startPfn; pfn < startPfn + spannedPages; pfn += PAGEBLOCK_NR_PAGES) {
      counts[pageblockMigratetype(pfn)]++;
    }
    return counts;
  }

  /** Whether {@code free_area[order].free_list[mt]} is empty ({@code free_area_empty()}). */
  public boolean listEmpty(int order, int migratetype) {
    return head[order * MigrateType.COUNT + migratetype] == NONE;
  }

  /** CPUs with per-CPU lists. */
  public int cpus() {
    return cpus;
  }

  /** Pages handed out and not yet freed (LRU pages included, per-CPU pages not). */
  public long allocatedPages() {
    return allocatedPages;
  }

  public long managedPages() {
    return managedPages;
  }

  public long startPfn() {
    return startPfn;
  }

  public int spannedPages() {
    return spannedPages;
  }

  /** The migratetype of the pageblock holding {@code pfn} ({@code get_pfnblock_migratetype()}). */
  public int pageblockMigratetype(long pfn) {
    return pageblockMt[(int) ((pfn >> PAGEBLOCK_ORDER) - firstPageblock)];
  }

  int takeBoostRequests() {
    int n = boostRequests;
    boostRequests = 0;
    return n;
  }

  boolean lastFromHighatomic() {
    return lastFromHighatomic;
  }

  // ---- intrusive lists (pcp and LRU; buddy lists use addToFreeList) ----

  private void link(int list, int idx, boolean toTail) {
    if (head[list] == NONE) {
      next[idx] = NONE;
      prev[idx] = NONE;
      head[list] = idx;
      tail[list] = idx;
    } else if (toTail) {
      int t = tail[list];
      next[t] = idx;
      prev[idx] = t;
      next[idx] = NONE;
      tail[list] = idx;
    } else {
      int h = head[list];
      prev[h] = idx;
      next[idx] = h;
      prev[idx] = NONE;
      head[list] = idx;
    }
  }

  private void unlink(int list, int idx) {
    int n = next[idx];
    int p = prev[idx];
    if (p == NONE) {
      head[list] = n;
    } else {
      next[p] = n;
    }
    if (n == NONE) {
      tail[list] = p;
    } else {
      prev[n] = p;
    }
  }

  // ---- free lists ----

  private int mtOf(int idx) {
    return (state[idx] >> MT_SHIFT) & 0x3;
  }

  private int kindOf(int idx) {
    return state[idx] & KIND_MASK;
  }

  private int pbMt(int idx) {
    return pageblockMt[(int) (((startPfn + idx) >> PAGEBLOCK_ORDER) - firstPageblock)];
  }

  private void setPbMt(int idx, int mt) {
    pageblockMt[(int) (((startPfn + idx) >> PAGEBLOCK_ORDER) - firstPageblock)] = (byte) mt;
  }

  /**
   * {@code __add_to_free_list()} plus {@code set_buddy_order()} and {@code account_freepages()}.
   *
   * <p>The list insertion repeats {@link #link} by hand, as {@link #delFromFreeList} repeats
   * {@link #unlink}: this is the order-0 hot path, and calling the shared helpers measured
   * 15-20 million pcp alloc+free pairs per second against 22.9 million inlined
   * ({@code labyrinth bench --quick --only pcp}, three runs each).
   */
  private void addToFreeList(int idx, int o, int mt, boolean toTail) {
    int list = o * MigrateType.COUNT + mt;
    state[idx] = (byte) (KIND_FREE | (mt << MT_SHIFT));
    order[idx] = (byte) o;
    if (head[list] == NONE) {
      next[idx] = NONE;
      prev[idx] = NONE;
      head[list] = idx;
      tail[list] = idx;
    } else if (toTail) {
      int t = tail[list];
      next[t] = idx;
      prev[idx] = t;
      next[idx] = NONE;
      tail[list] = idx;
    } else {
      int h = head[list];
      prev[h] = idx;
      next[idx] = h;
      prev[idx] = NONE;
      head[list] = idx;
    }
    nrFree[o]++;
    long pages = 1L << o;
    freePagesByMt[mt] += pages;
    freePages += pages;
  }

  /** {@code __del_page_from_free_list()} with accounting; the frame becomes TAIL. */
  private void delFromFreeList(int idx) {
    int o = order[idx];
    int mt = mtOf(idx);
    int list = o * MigrateType.COUNT + mt;
    int n = next[idx];
    int p = prev[idx];
    if (p == NONE) {
      head[list] = n;
    } else {
      next[p] = n;
    }
    if (n == NONE) {
      tail[list] = p;
    } else {
      prev[n] = p;
    }
    state[idx] = KIND_TAIL;
    nrFree[o]--;
    long pages = 1L << o;
    freePagesByMt[mt] -= pages;
    freePages -= pages;
  }

  /** {@code move_to_free_list()}: to the tail of the new type's list. */
  private void moveToFreeList(int idx, int newMt) {
    int o = order[idx];
    delFromFreeList(idx);
    addToFreeList(idx, o, newMt, true);
  }

  /**
   * {@code expand()}: split a block of order {@code high} down to {@code low}, putting each upper
   * half at the head of its order's list; the caller keeps the lowest chunk.
   */
  private void expand(int idx, int low, int high, int mt) {
    while (high > low) {
      high--;
      addToFreeList(idx + (1 << high), high, mt, false);
    }
  }

  /** {@code __rmqueue_smallest()}: the head block of the smallest order that has one. */
  private int rmqueueSmallest(int o, int mt) {
    for (int cur = o; cur < NR_PAGE_ORDERS; cur++) {
      int idx = head[cur * MigrateType.COUNT + mt];
      if (idx != NONE) {
        delFromFreeList(idx);
        expand(idx, o, cur, mt);
        return idx;
      }
    }
    return NONE;
  }

  /**
   * Takes a block of {@code 2^order} pages; mirrors {@code rmqueue_buddy()}: HIGHATOMIC lists
   * first with ALLOC_HIGHATOMIC, then {@code __rmqueue()}, then HIGHATOMIC lists as a last resort
   * with ALLOC_OOM or ALLOC_NON_BLOCK. Does not check watermarks.
   *
   * @return the pfn of the block, or -1 when no list can serve it
   */
  public long rmqueue(int o, int migratetype, int allocFlags) {
    checkArgument(o >= 0 && o <= MAX_PAGE_ORDER, "order %s outside 0..%s", o, MAX_PAGE_ORDER);
    checkArgument(migratetype >= 0 && migratetype < MigrateType.PCPTYPES,
        "cannot allocate migratetype %s", migratetype);
    int idx = NONE;
    lastFromHighatomic = false;
    if ((allocFlags & AllocFlags.HIGHATOMIC) != 0) {
      idx = rmqueueSmallest(o, MigrateType.HIGHATOMIC);
      lastFromHighatomic = idx != NONE;
    }
    if (idx == NONE) {
      idx = rmqueueFallback(o, migratetype, allocFlags);
      if (idx == NONE && (allocFlags & (AllocFlags.OOM | AllocFlags.NON_BLOCK)) != 0) {
        idx = rmqueueSmallest(o, MigrateType.HIGHATOMIC);
        lastFromHighatomic = idx != NONE;
      }
    }
    if (idx == NONE) {
      return -1;
    }
    state[idx] = (byte) (KIND_ALLOC | (migratetype << MT_SHIFT));
    order[idx] = (byte) o;
    allocatedPages += 1L << o;
    return startPfn + idx;
  }

  // ---- per-CPU lists (struct per_cpu_pages' lists; the counts live in PerCpuPages) ----

  private int pcpList(int cpu, int pindex) {
    return NR_LISTS + cpu * PCP_LISTS + pindex;
  }

  /** {@code order_to_pindex()} without THP: {@code 3 * order + migratetype}. */
  static int pindex(int o, int migratetype) {
    return o * MigrateType.PCPTYPES + migratetype;
  }

  /**
   * One step of {@code rmqueue_bulk()}: {@code __rmqueue()} (no HIGHATOMIC lists) and the block
   * goes to the tail of the CPU's list for (order, migratetype).
   *
   * @return the pfn, or -1 when the buddy lists cannot serve it
   */
  long pcpRefillOne(int cpu, int o, int migratetype, int allocFlags) {
    int idx = rmqueueFallback(o, migratetype, allocFlags);
    if (idx == NONE) {
      return -1;
    }
    state[idx] = KIND_PCP;
    order[idx] = (byte) o;
    pcpPages += 1L << o;
    link(pcpList(cpu, pindex(o, migratetype)), idx, true);
    return startPfn + idx;
  }

  /** Whether the CPU's list is empty. */
  boolean pcpEmpty(int cpu, int pindex) {
    return head[pcpList(cpu, pindex)] == NONE;
  }

  /** Takes the head of a per-CPU list and hands it out ({@code __rmqueue_pcplist()}). */
  long pcpTakeHead(int cpu, int pindex, int callerMt) {
    int list = pcpList(cpu, pindex);
    int idx = head[list];
    if (idx == NONE) {
      return -1;
    }
    unlink(list, idx);
    int o = order[idx];
    pcpPages -= 1L << o;
    allocatedPages += 1L << o;
    state[idx] = (byte) (KIND_ALLOC | (callerMt << MT_SHIFT));
    return startPfn + idx;
  }

  /**
   * Checks that {@code pfn} is an allocated block of order {@code o} (a caller error otherwise)
   * and takes it off its LRU list if it is on one.
   */
  int checkAllocatedAndLruDel(long pfn, int o) {
    checkArgument(o >= 0 && o <= MAX_PAGE_ORDER, "order %s outside 0..%s", o, MAX_PAGE_ORDER);
    // Plain ifs: a Long.toHexString() argument would be built on every (hot) call.
    if (pfn < startPfn || pfn >= startPfn + spannedPages) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "pfn 0x%x outside zone %s",
          pfn, zoneName));
    }
    int idx = (int) (pfn - startPfn);
    if ((kindOf(idx) != KIND_ALLOC && kindOf(idx) != KIND_ISOLATED) || order[idx] != o) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "pfn 0x%x in zone %s is not an allocated block of order %d", pfn, zoneName, o));
    }
    lruDelIdx(idx);
    return idx;
  }

  /**
   * The list-add half of {@code free_frozen_page_commit()}: the allocated block goes to the head
   * of the CPU's list for its order and its pageblock's type (HIGHATOMIC pageblocks use the
   * MOVABLE list).
   *
   * @return the pindex used
   */
  int pcpAddHead(int cpu, long pfn, int o) {
    int idx = checkAllocatedAndLruDel(pfn, o);
    int mt = pbMt(idx);
    if (mt >= MigrateType.PCPTYPES) {
      mt = MigrateType.MOVABLE;
    }
    int pindex = pindex(o, mt);
    allocatedPages -= 1L << o;
    pcpPages += 1L << o;
    state[idx] = KIND_PCP;
    link(pcpList(cpu, pindex), idx, false);
    return pindex;
  }

  /**
   * One page of {@code free_pcppages_bulk()}: the tail (coldest) block of the list goes back to
   * the buddy lists with its pageblock's current type.
   *
   * @return the pfn, or -1 when the list is empty
   */
  long pcpDrainTail(int cpu, int pindex) {
    int list = pcpList(cpu, pindex);
    int idx = tail[list];
    if (idx == NONE) {
      return -1;
    }
    unlink(list, idx);
    int o = order[idx];
    pcpPages -= 1L << o;
    state[idx] = KIND_TAIL;
    freeBlock(idx, o);
    return startPfn + idx;
  }

  /** Pages held on per-CPU lists of this zone (all CPUs). */
  public long pcpPages() {
    return pcpPages;
  }

  /** Pages on one CPU's lists, counted by walking them (for invariants). */
  long pcpListedPages(int cpu) {
    long pages = 0;
    for (int p = 0; p < PCP_LISTS; p++) {
      int budget = spannedPages + 1;
      for (int x = head[pcpList(cpu, p)]; x != NONE; x = next[x]) {
        if (--budget < 0 || kindOf(x) != KIND_PCP || order[x] != p / MigrateType.PCPTYPES) {
          throw fail(Math.max(x, 0), "bad member of cpu " + cpu + " pcp list " + p);
        }
        pages += 1L << order[x];
      }
    }
    return pages;
  }

  // ---- reclaim (LRU) lists ----

  /**
   * Puts an allocated block at the tail (youngest end) of the file or anon list. Simplified LRU:
   * one FIFO list per kind per zone, no active/inactive aging.
   */
  void lruAdd(long pfn, int o, boolean anon) {
    int idx = checkAllocatedAndLruDel(pfn, o);
    state[idx] = (byte) (state[idx] | LRU_BIT | (anon ? LRU_ANON_BIT : 0));
    link(lruBase + (anon ? 1 : 0), idx, true);
    lruPages[anon ? 1 : 0] += 1L << o;
  }

  private void lruDelIdx(int idx) {
    int s = state[idx];
    if ((s & LRU_BIT) == 0) {
      return;
    }
    int which = (s & LRU_ANON_BIT) != 0 ? 1 : 0;
    unlink(lruBase + which, idx);
    lruPages[which] -= 1L << order[idx];
    state[idx] = (byte) (s & ~(LRU_BIT | LRU_ANON_BIT));
  }

  /** Pages on the file (false) or anon (true) list. */
  public long lruPages(boolean anon) {
    return lruPages[anon ? 1 : 0];
  }

  /** The oldest block on a list (its pfn), or -1. */
  long lruOldest(boolean anon) {
    int idx = head[lruBase + (anon ? 1 : 0)];
    return idx == NONE ? -1 : startPfn + idx;
  }

  /**
   * Isolates the oldest block of a list for reclaim ({@code isolate_lru_folios()}, simplified):
   * it leaves the list and stays allocated until {@link #freeIsolated}.
   *
   * @return its pfn, or -1 when the list is empty
   */
  long lruIsolateOldest(boolean anon) {
    int idx = head[lruBase + (anon ? 1 : 0)];
    if (idx == NONE) {
      return -1;
    }
    lruDelIdx(idx);
    state[idx] = (byte) (KIND_ISOLATED | (state[idx] & (0x3 << MT_SHIFT)));
    return startPfn + idx;
  }

  /**
   * Frees a block reclaim isolated, unless its owner freed it meanwhile.
   *
   * @return the pages freed (0 when the block is no longer isolated)
   */
  long freeIsolated(long pfn) {
    int idx = (int) (pfn - startPfn);
    if (kindOf(idx) != KIND_ISOLATED) {
      return 0;
    }
    int o = order[idx];
    allocatedPages -= 1L << o;
    state[idx] = KIND_TAIL;
    freeBlock(idx, o);
    return 1L << o;
  }

  /** Whether {@code pfn} heads an allocated (or isolated) block of order {@code o}. */
  public boolean isAllocatedHead(long pfn, int o) {
    int idx = (int) (pfn - startPfn);
    int kind = kindOf(idx);
    return (kind == KIND_ALLOC || kind == KIND_ISOLATED) && order[idx] == o;
  }

  /** The order of the allocated block at {@code pfn}. */
  int blockOrder(long pfn) {
    return order[(int) (pfn - startPfn)];
  }

  /**
   * {@code __rmqueue()} for a single allocation (mode RMQUEUE_NORMAL, no CMA): the requested
   * type, then claim, then steal (not under ALLOC_NOFRAGMENT).
   */
  private int rmqueueFallback(int o, int mt, int allocFlags) {
    int idx = rmqueueSmallest(o, mt);
    if (idx != NONE) {
      return idx;
    }
    idx = rmqueueClaim(o, mt, allocFlags);
    if (idx != NONE) {
      return idx;
    }
    if ((allocFlags & AllocFlags.NOFRAGMENT) == 0) {
      return rmqueueSteal(o, mt);
    }
    return NONE;
  }

  /** {@code should_try_claim_block()} (mobility grouping is never disabled here). */
  private static boolean shouldTryClaimBlock(int o, int startMt) {
    return o >= PAGEBLOCK_ORDER / 2
        || startMt == MigrateType.RECLAIMABLE
        || startMt == MigrateType.UNMOVABLE;
  }

  /**
   * {@code find_suitable_fallback()}: -2 when too small to claim, -1 when nothing, else the
   * first fallback type whose list at this order is not empty.
   */
  private int findSuitableFallback(int o, int mt, boolean claimable) {
    if (claimable && !shouldTryClaimBlock(o, mt)) {
      return -2;
    }
    if (nrFree[o] == 0) {
      return -1;
    }
    for (int i = 0; i < MigrateType.PCPTYPES - 1; i++) {
      int fallbackMt = MigrateType.fallback(mt, i);
      if (!listEmpty(o, fallbackMt)) {
        return fallbackMt;
      }
    }
    return -1;
  }

  /** {@code __rmqueue_claim()}: the largest fallback block first, claiming its pageblock. */
  private int rmqueueClaim(int o, int startMt, int allocFlags) {
    int minOrder = o;
    if (o < PAGEBLOCK_ORDER && (allocFlags & AllocFlags.NOFRAGMENT) != 0) {
      minOrder = PAGEBLOCK_ORDER;
    }
    for (int cur = MAX_PAGE_ORDER; cur >= minOrder; cur--) {
      int fallbackMt = findSuitableFallback(cur, startMt, true);
      if (fallbackMt == -1) {
        continue;
      }
      if (fallbackMt == -2) {
        break;
      }
      int idx = head[cur * MigrateType.COUNT + fallbackMt];
      int got = tryToClaimBlock(idx, cur, o, startMt, fallbackMt);
      if (got != NONE) {
        if (extfragListener != null) {
          extfragListener.extfrag(startPfn + got, o, cur, startMt, fallbackMt,
              pbMt(got) == startMt);
        }
        return got;
      }
    }
    return NONE;
  }

  /**
   * {@code try_to_claim_block()}. At or above pageblock order the whole block is retyped and
   * split. Below it, a watermark boost is requested (applied by the zone after the allocation,
   * which reads no watermark in between), then the block is claimed when free + alike pages reach
   * half a pageblock.
   *
   * <p>Simplification: "movable pages" (Linux: PageLRU or movable_ops) are the frames of allocated
   * blocks whose caller asked for MIGRATE_MOVABLE; reserved frames count as non-movable.
   */
  private int tryToClaimBlock(int idx, int currentOrder, int o, int startMt, int blockMt) {
    if (currentOrder >= PAGEBLOCK_ORDER) {
      delFromFreeList(idx);
      changePageblockRange(idx, currentOrder, startMt);
      expand(idx, o, currentOrder, startMt);
      return idx;
    }
    boostRequests++;
    int blockStart = pageblockStart(idx);
    if (blockStart < 0 || blockStart + PAGEBLOCK_NR_PAGES > spannedPages) {
      return NONE; // prep_move_freepages_block(): the pageblock crosses the zone boundary
    }
    long free = 0;
    long movable = 0;
    for (int i = blockStart; i < blockStart + PAGEBLOCK_NR_PAGES; ) {
      int kind = kindOf(i);
      if (kind == KIND_FREE) {
        free += 1L << order[i];
        i += 1 << order[i];
      } else if (kind == KIND_ALLOC) {
        if (mtOf(i) == MigrateType.MOVABLE) {
          movable += 1L << order[i];
        }
        i += 1 << order[i];
      } else {
        i++;
      }
    }
    long alike;
    if (startMt == MigrateType.MOVABLE) {
      alike = movable;
    } else if (blockMt == MigrateType.MOVABLE) {
      alike = PAGEBLOCK_NR_PAGES - (free + movable);
    } else {
      alike = 0;
    }
    if (free + alike >= (1 << (PAGEBLOCK_ORDER - 1))) {
      moveFreepagesBlock(blockStart, startMt);
      setPbMt(blockStart, startMt);
      return rmqueueSmallest(o, startMt);
    }
    return NONE;
  }

  /** Index of the first frame of the pageblock holding {@code idx} (may be negative). */
  private int pageblockStart(int idx) {
    long pfn = (startPfn + idx) & ~((long) PAGEBLOCK_NR_PAGES - 1);
    return (int) (pfn - startPfn);
  }

  /**
   * {@code __move_freepages_block()}: every free block inside the pageblock moves to the tail of
   * the {@code newMt} list.
   *
   * @return pages moved
   */
  private long moveFreepagesBlock(int blockStart, int newMt) {
    long moved = 0;
    for (int i = blockStart; i < blockStart + PAGEBLOCK_NR_PAGES; ) {
      int kind = kindOf(i);
      if (kind == KIND_FREE) {
        int o = order[i];
        moveToFreeList(i, newMt);
        moved += 1L << o;
        i += 1 << o;
      } else if (kind == KIND_ALLOC) {
        i += 1 << order[i];
      } else {
        i++;
      }
    }
    return moved;
  }

  /**
   * {@code move_freepages_block()}: moves and retypes a whole pageblock.
   *
   * @return pages moved, or -1 if the pageblock crosses the zone boundary
   */
  private long moveFreepagesBlockChecked(int idx, int newMt) {
    int blockStart = pageblockStart(idx);
    if (blockStart < 0 || blockStart + PAGEBLOCK_NR_PAGES > spannedPages) {
      return -1;
    }
    long moved = moveFreepagesBlock(blockStart, newMt);
    setPbMt(blockStart, newMt);
    return moved;
  }

  /** {@code change_pageblock_range()}: retype every pageblock a block of order &gt;= 9 covers. */
  private void changePageblockRange(int idx, int o, int mt) {
    for (int i = 0; i < (1 << o); i += PAGEBLOCK_NR_PAGES) {
      setPbMt(idx + i, mt);
    }
  }

  /** {@code __rmqueue_steal()}: the smallest fallback block, split within the fallback type. */
  private int rmqueueSteal(int o, int startMt) {
    for (int cur = o; cur < NR_PAGE_ORDERS; cur++) {
      int fallbackMt = findSuitableFallback(cur, startMt, false);
      if (fallbackMt == -1) {
        continue;
      }
      int idx = head[cur * MigrateType.COUNT + fallbackMt];
      delFromFreeList(idx);
      expand(idx, o, cur, fallbackMt);
      if (extfragListener != null) {
        extfragListener.extfrag(startPfn + idx, o, cur, startMt, fallbackMt,
            pbMt(idx) == startMt);
      }
      return idx;
    }
    return NONE;
  }

  // ---- freeing ----

  /**
   * Returns an allocated block; mirrors {@code free_one_page()} and {@code split_large_buddy()}
   * (blocks above pageblock order are freed pageblock by pageblock, each with its own type).
   */
  public void free(long pfn, int o) {
    int idx = checkAllocatedAndLruDel(pfn, o);
    allocatedPages -= 1L << o;
    state[idx] = KIND_TAIL;
    freeBlock(idx, o);
  }

  private void freeBlock(int idx, int o) {
    int step = Math.min(o, PAGEBLOCK_ORDER);
    for (int i = 0; i < (1 << o); i += 1 << step) {
      freeOnePage(idx + i, step, pbMt(idx + i));
    }
  }

  /**
   * {@code __free_one_page()}: merge with free buddies (pfn ^ (1 << order)) while they are free at
   * the same order; at pageblock order and above refuse to merge across differing types when
   * either is not mergeable, and retype a merged buddy's pageblock. Insert at the tail when
   * {@code buddy_merge_likely()} says the next-higher buddy is free, else at the head.
   */
  private void freeOnePage(int idx, int o, int mt) {
    long pfn = startPfn + idx;
    long buddyPfn = pfn;
    while (o < MAX_PAGE_ORDER) {
      buddyPfn = pfn ^ (1L << o);
      int b = freeBuddyAt(buddyPfn, o);
      if (b == NONE) {
        break;
      }
      int buddyMt = mt;
      if (o >= PAGEBLOCK_ORDER) {
        buddyMt = pbMt(b);
        if (mt != buddyMt
            && (!MigrateType.isMergeable(mt) || !MigrateType.isMergeable(buddyMt))) {
          break;
        }
      }
      delFromFreeList(b);
      if (buddyMt != mt) {
        setPbMt(b, mt);
      }
      pfn &= buddyPfn;
      o++;
    }
    boolean toTail = buddyMergeLikely(pfn, buddyPfn, o);
    addToFreeList((int) (pfn - startPfn), o, mt, toTail);
  }

  /** {@code find_buddy_page_pfn()} + {@code page_is_buddy()}: index or NONE. */
  private int freeBuddyAt(long buddyPfn, int o) {
    long b = buddyPfn - startPfn;
    if (b < 0 || b >= spannedPages) {
      return NONE;
    }
    int bi = (int) b;
    if (kindOf(bi) != KIND_FREE || order[bi] != o) {
      return NONE;
    }
    return bi;
  }

  /**
   * Package-private test switch: when set, every freed block goes to the head of its list, as if
   * {@code buddy_merge_likely()} did not exist. Only the regression test that proves a changed
   * allocator detail is caught by {@code verify} sets it (and resets it); nothing else may.
   */
  static boolean headPlacementOnlyForTest;

  /** {@code buddy_merge_likely()}: false at order &gt;= MAX_PAGE_ORDER - 1. */
  private boolean buddyMergeLikely(long pfn, long buddyPfn, int o) {
    if (headPlacementOnlyForTest || o >= MAX_PAGE_ORDER - 1) {
      return false;
    }
    long higher = buddyPfn & pfn;
    return freeBuddyAt(higher ^ (1L << (o + 1)), o + 1) != NONE;
  }

  // ---- high-order atomic reserve ----

  /**
   * {@code reserve_highatomic_pageblock()}, after a successful ALLOC_HIGHATOMIC allocation of the
   * block at {@code pfn}. Nothing when managed/100 &lt; one pageblock; the cap is
   * ALIGN(managed/100, pageblock_nr_pages). Only mergeable pageblocks convert: below pageblock
   * order the whole pageblock's free pages move to HIGHATOMIC (+512), otherwise the covered
   * pageblocks are retyped (+2^order).
   */
  public void reserveHighatomicPageblock(long pfn, int o) {
    if (managedPages / 100 < PAGEBLOCK_NR_PAGES) {
      return;
    }
    long maxManaged = highatomicLimit();
    if (nrReservedHighatomic >= maxManaged) {
      return;
    }
    int idx = (int) (pfn - startPfn);
    int mt = pbMt(idx);
    if (!MigrateType.isMergeable(mt)) {
      return;
    }
    if (o < PAGEBLOCK_ORDER) {
      if (moveFreepagesBlockChecked(idx, MigrateType.HIGHATOMIC) == -1) {
        return;
      }
      nrReservedHighatomic += PAGEBLOCK_NR_PAGES;
    } else {
      changePageblockRange(idx, o, MigrateType.HIGHATOMIC);
      nrReservedHighatomic += 1L << o;
    }
  }

  /** ALIGN(managed / 100, pageblock_nr_pages). */
  long highatomicLimit() {
    long onePercent = managedPages / 100;
    return (onePercent + PAGEBLOCK_NR_PAGES - 1) / PAGEBLOCK_NR_PAGES * PAGEBLOCK_NR_PAGES;
  }

  /**
   * This zone's part of {@code unreserve_highatomic_pageblock()}: unless {@code force}, keep at
   * least one pageblock; take the first free HIGHATOMIC block of the lowest order, subtract
   * max(pageblock, 2^order) from the reserve, and hand its pageblock(s) to
   * {@code requesterMigratetype}.
   *
   * @return whether any pages moved
   */
  public boolean unreserveHighatomicPageblock(boolean force, int requesterMigratetype) {
    if (!force && nrReservedHighatomic <= PAGEBLOCK_NR_PAGES) {
      return false;
    }
    for (int o = 0; o < NR_PAGE_ORDERS; o++) {
      int idx = head[o * MigrateType.COUNT + MigrateType.HIGHATOMIC];
      if (idx == NONE) {
        continue;
      }
      long size = Math.max(PAGEBLOCK_NR_PAGES, 1L << o);
      nrReservedHighatomic -= Math.min(size, nrReservedHighatomic);
      long moved;
      if (o < PAGEBLOCK_ORDER) {
        moved = moveFreepagesBlockChecked(idx, requesterMigratetype);
      } else {
        moveToFreeList(idx, requesterMigratetype);
        changePageblockRange(idx, o, requesterMigratetype);
        moved = 1;
      }
      if (moved > 0) {
        return true;
      }
    }
    return false;
  }

  // ---- invariants ----

  /**
   * Checks linux-mm.md section 13 invariants 1-4: every frame is reserved, a free-block head, an
   * allocated-block head or inside one such block; free blocks are aligned, inside the zone, on
   * exactly the list of their order and their pageblock's type; no two free buddies are left
   * unmerged (except across unmergeable types at pageblock order); counters equal list sums;
   * free + allocated = managed; the highatomic reserve is within its cap.
   *
   * @throws VerifyException naming the zone and pfn
   */
  public void checkInvariants() {
    long[] pagesByMt = new long[MigrateType.COUNT];
    long[] blocksByOrder = new long[NR_PAGE_ORDERS];
    long reserved = 0;
    long allocated = 0;
    long pcp = 0;
    long[] lruSeen = new long[2];
    int i = 0;
    while (i < spannedPages) {
      int kind = kindOf(i);
      if (kind == KIND_RESERVED) {
        reserved++;
        i++;
        continue;
      }
      if (kind == KIND_TAIL) {
        throw fail(i, "frame belongs to no block");
      }
      if (kind == KIND_PCP) {
        pcp += 1L << order[i];
        i += 1 << order[i];
        continue;
      }
      int o = order[i];
      if (o < 0 || o > MAX_PAGE_ORDER) {
        throw fail(i, "bad order " + o);
      }
      long pfn = startPfn + i;
      if ((pfn & ((1L << o) - 1)) != 0) {
        throw fail(i, "block of order " + o + " not aligned");
      }
      if (i + (1L << o) > spannedPages) {
        throw fail(i, "block of order " + o + " runs past the zone end");
      }
      for (int j = i + 1; j < i + (1 << o); j++) {
        if (kindOf(j) != KIND_TAIL) {
          throw fail(j, "frame inside a block of order " + o + " at 0x"
              + Long.toHexString(pfn) + " is not a tail (overlap)");
        }
      }
      if (kind == KIND_FREE) {
        int mt = mtOf(i);
        for (int j = i; j < i + (1 << o); j += PAGEBLOCK_NR_PAGES) {
          if (pbMt(j) != mt) {
            throw fail(i, "free block on " + MigrateType.name(mt) + " list in a "
                + MigrateType.name(pbMt(j)) + " pageblock");
          }
        }
        pagesByMt[mt] += 1L << o;
        blocksByOrder[o]++;
        if (o < MAX_PAGE_ORDER) {
          int b = freeBuddyAt(pfn ^ (1L << o), o);
          if (b != NONE) {
            int bmt = pbMt(b);
            boolean allowed = o >= PAGEBLOCK_ORDER && mt != bmt
                && (!MigrateType.isMergeable(mt) || !MigrateType.isMergeable(bmt));
            if (!allowed) {
              throw fail(i, "free buddies of order " + o + " left unmerged");
            }
          }
        }
      } else {
        if (kind != KIND_ALLOC && kind != KIND_ISOLATED) {
          throw fail(i, "unknown frame kind " + kind);
        }
        allocated += 1L << o;
        if ((state[i] & LRU_BIT) != 0) {
          lruSeen[(state[i] & LRU_ANON_BIT) != 0 ? 1 : 0] += 1L << o;
        }
      }
      i += 1 << o;
    }
    if (reserved != spannedPages - managedPages) {
      throw fail(0, "reserved frames " + reserved + " != spanned - managed");
    }
    // Walk each list: links consistent, members are free heads of that order and type.
    long[] listBlocks = new long[NR_PAGE_ORDERS];
    for (int o = 0; o < NR_PAGE_ORDERS; o++) {
      for (int mt = 0; mt < MigrateType.COUNT; mt++) {
        int list = o * MigrateType.COUNT + mt;
        int p = NONE;
        int budget = spannedPages + 1;
        for (int x = head[list]; x != NONE; x = next[x]) {
          if (--budget < 0) {
            throw fail(x, "free list " + o + "/" + MigrateType.name(mt) + " has a cycle");
          }
          if (kindOf(x) != KIND_FREE || order[x] != o || mtOf(x) != mt) {
            throw fail(x, "on free list " + o + "/" + MigrateType.name(mt)
                + " but not a free block of that order and type");
          }
          if (prev[x] != p) {
            throw fail(x, "broken prev link");
          }
          p = x;
          listBlocks[o]++;
        }
        if (tail[list] != p) {
          throw fail(Math.max(p, 0), "broken tail of list " + o + "/" + MigrateType.name(mt));
        }
      }
    }
    long free = 0;
    for (int o = 0; o < NR_PAGE_ORDERS; o++) {
      if (listBlocks[o] != blocksByOrder[o] || nrFree[o] != blocksByOrder[o]) {
        throw fail(0, "order " + o + ": nr_free " + nrFree[o] + ", listed " + listBlocks[o]
            + ", free heads " + blocksByOrder[o] + " (a block on two lists or on none)");
      }
    }
    for (int mt = 0; mt < MigrateType.COUNT; mt++) {
      if (pagesByMt[mt] != freePagesByMt[mt]) {
        throw fail(0, MigrateType.name(mt) + " free pages " + freePagesByMt[mt] + " != "
            + pagesByMt[mt]);
      }
      free += pagesByMt[mt];
    }
    if (free != freePages) {
      throw fail(0, "NR_FREE_PAGES " + freePages + " != sum of lists " + free);
    }
    if (allocated != allocatedPages || pcp != pcpPages
        || free + allocated + pcp != managedPages) {
      throw fail(0, "free " + free + " + allocated " + allocated + " (counter " + allocatedPages
          + ") + per-cpu " + pcp + " (counter " + pcpPages + ") != managed " + managedPages);
    }
    long pcpListed = 0;
    for (int cpu = 0; cpu < cpus; cpu++) {
      pcpListed += pcpListedPages(cpu);
    }
    if (pcpListed != pcp) {
      throw fail(0, "per-cpu lists hold " + pcpListed + " pages, frames say " + pcp);
    }
    for (int which = 0; which < 2; which++) {
      long listed = 0;
      int budget = spannedPages + 1;
      for (int x = head[lruBase + which]; x != NONE; x = next[x]) {
        if (--budget < 0 || kindOf(x) != KIND_ALLOC || (state[x] & LRU_BIT) == 0
            || ((state[x] & LRU_ANON_BIT) != 0) != (which == 1)) {
          throw fail(Math.max(x, 0), "bad member of LRU list " + which);
        }
        listed += 1L << order[x];
      }
      if (listed != lruSeen[which] || listed != lruPages[which]) {
        throw fail(0, "LRU list " + which + " lists " + listed + " pages, frames say "
            + lruSeen[which] + ", counter " + lruPages[which]);
      }
    }
    if (nrReservedHighatomic > Math.max(highatomicLimit() + PAGEBLOCK_NR_PAGES * 2L, 0)
        || nrReservedHighatomic < 0) {
      throw fail(0, "nr_reserved_highatomic " + nrReservedHighatomic + " over its cap");
    }
  }

  private VerifyException fail(int idx, String what) {
    return new VerifyException(String.format(Locale.ROOT, "zone %s pfn 0x%x: %s", zoneName,
        startPfn + idx, what));
  }
}

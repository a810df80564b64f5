package dev.labyrinth.emulator.mm;

import java.util.Locale;

/**
 * The allocator's event counters, named as /proc/vmstat names them ({@code enum vm_event_item},
 * include/linux/vm_event_item.h), in Linux's order, followed by Labyrinth's own counters. Plain
 * {@code long} slots indexed by the enum, so counting costs one array increment.
 */
public final class VmStat {

  /** The counters, in the order {@code /proc/vmstat} prints them. */
  public enum Item {
    PGALLOC_DMA, PGALLOC_DMA32, PGALLOC_NORMAL, PGALLOC_MOVABLE,
    ALLOCSTALL_DMA, ALLOCSTALL_DMA32, ALLOCSTALL_NORMAL, ALLOCSTALL_MOVABLE,
    PGFREE,
    PGSTEAL_KSWAPD, PGSTEAL_DIRECT, PGSCAN_KSWAPD, PGSCAN_DIRECT,
    KSWAPD_LOW_WMARK_HIT_QUICKLY, KSWAPD_HIGH_WMARK_HIT_QUICKLY, PAGEOUTRUN,
    OOM_KILL,
    COMPACT_STALL,
    // Labyrinth's own, after Linux's.
    ALLOC_RESERVE_NONE, ALLOC_RESERVE_BELOW_LOW, ALLOC_RESERVE_MIN_RESERVE,
    ALLOC_RESERVE_ATOMIC_RESERVE, ALLOC_RESERVE_HIGHATOMIC, ALLOC_RESERVE_NO_WATERMARKS,
    ALLOC_FAIL, WARN_ALLOC_SUPPRESSED, PCP_BYPASS;

    private final String procName = name().toLowerCase(Locale.ROOT);

    /** The /proc/vmstat name, e.g. {@code pgalloc_normal}. */
    public String procName() {
      return procName;
    }

    /** Whether Linux has this counter (false for Labyrinth's own). */
    public boolean linux() {
      return ordinal() <= COMPACT_STALL.ordinal();
    }
  }

  private static final Item[] ITEMS = Item.values();
  private final long[] counts = new long[ITEMS.length];

  void add(Item item, long delta) {
    counts[item.ordinal()] += delta;
  }

  /** The counter's value. */
  public long get(Item item) {
    return counts[item.ordinal()];
  }

  static Item pgalloc(ZoneType zone) {
    return ITEMS[Item.PGALLOC_DMA.ordinal() + zone.index()];
  }

  static Item allocstall(ZoneType zone) {
    return ITEMS[Item.ALLOCSTALL_DMA.ordinal() + zone.index()];
  }

  static Item reserve(ReserveTier tier) {
    return tier == ReserveTier.FAILED ? Item.ALLOC_FAIL
        : ITEMS[Item.ALLOC_RESERVE_NONE.ordinal() + tier.ordinal()];
  }
}

package dev.labyrinth.emulator.vm;

/**
 * One page-table page: a PGD, PUD or PMD (512 pointers to lower tables) or a PTE table (512
 * entries), backed by one frame of the allocator. {@code used} counts non-empty slots so an empty
 * table can be freed.
 */
final class PageTable {
  static final int ENTRIES = 512;
  /** Levels, x86-64 4-level paging without P4D folding surprises: PGD=4 ... PTE=1. */
  static final int PGD = 4;
  static final int PTE = 1;

  final int level;
  final long pfn;
  final PageTable[] children;
  final long[] ptes;
  int used;

  PageTable(int level, long pfn) {
    this.level = level;
    this.pfn = pfn;
    this.children = level == PTE ? null : new PageTable[ENTRIES];
    this.ptes = level == PTE ? new long[ENTRIES] : null;
  }

  /** The slot index of virtual page {@code vpn} at this level (9 bits per level above bit 12). */
  int index(long vpn) {
    return (int) ((vpn >>> (9 * (level - 1))) & (ENTRIES - 1));
  }
}

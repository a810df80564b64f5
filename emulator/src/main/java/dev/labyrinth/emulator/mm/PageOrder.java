package dev.labyrinth.emulator.mm;

/** Buddy order constants for x86_64 with 4 KiB pages (include/linux/mmzone.h, pageblock-flags.h). */
public final class PageOrder {
  /** MAX_PAGE_ORDER: the largest order, inclusive (6.8+ name; 6.4+ inclusive meaning). */
  public static final int MAX_PAGE_ORDER = 10;
  /** NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1. */
  public static final int NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1;
  /** pageblock_order = HPAGE_PMD_ORDER on x86_64. */
  public static final int PAGEBLOCK_ORDER = 9;
  /** pageblock_nr_pages (2 MiB). */
  public static final int PAGEBLOCK_NR_PAGES = 1 << PAGEBLOCK_ORDER;
  /** PAGE_ALLOC_COSTLY_ORDER. */
  public static final int COSTLY_ORDER = 3;
  /** PAGE_SIZE in bytes. */
  public static final int PAGE_SIZE_BYTES = 4096;

  private PageOrder() {}
}

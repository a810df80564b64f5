package dev.labyrinth.emulator.mm;

/**
 * Free-list migratetypes; numbering mirrors {@code enum migratetype} in include/linux/mmzone.h.
 *
 * <p>Simplification: CONFIG_CMA and memory isolation are not modelled, so MIGRATE_CMA (4) and
 * MIGRATE_ISOLATE do not exist and ALLOC_CMA is never set.
 */
public final class MigrateType {
  public static final int UNMOVABLE = 0;
  public static final int MOVABLE = 1;
  public static final int RECLAIMABLE = 2;
  /** MIGRATE_PCPTYPES: the number of types a gfp mask can ask for. */
  public static final int PCPTYPES = 3;
  public static final int HIGHATOMIC = 3;
  /** MIGRATE_TYPES as modelled. */
  public static final int COUNT = 4;

  private static final String[] NAMES = {"Unmovable", "Movable", "Reclaimable", "HighAtomic"};

  /**
   * Fallback order per requested type; mirrors {@code fallbacks[]} in mm/page_alloc.c
   * (HIGHATOMIC has none).
   */
  private static final int[][] FALLBACKS = {
    {RECLAIMABLE, MOVABLE}, {RECLAIMABLE, UNMOVABLE}, {UNMOVABLE, MOVABLE},
  };

  private MigrateType() {}

  /** The display name, as {@code migratetype_names[]} in mm/page_alloc.c. */
  public static String name(int migratetype) {
    return NAMES[migratetype];
  }

  /** The i-th fallback of {@code migratetype} (0 or 1), for the three pcp types. */
  static int fallback(int migratetype, int i) {
    return FALLBACKS[migratetype][i];
  }

  /**
   * Whether blocks of this type may merge with blocks of other types at pageblock order; mirrors
   * {@code migratetype_is_mergeable()} (only the pcp types are).
   */
  public static boolean isMergeable(int migratetype) {
    return migratetype < PCPTYPES;
  }
}

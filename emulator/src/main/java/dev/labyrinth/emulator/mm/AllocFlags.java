package dev.labyrinth.emulator.mm;

import com.google.common.collect.ImmutableList;
import java.util.Locale;

/**
 * The allocator's internal ALLOC_* flags and how a GFP mask becomes them. Values mirror Linux
 * 6.18 mm/internal.h (with ZONE_DMA32, so ALLOC_NOFRAGMENT is 0x100, and an MMU, so ALLOC_OOM is
 * its own bit).
 */
public final class AllocFlags {
  public static final int WMARK_MIN = 0;
  public static final int WMARK_LOW = 1;
  public static final int WMARK_HIGH = 2;
  /** ALLOC_WMARK_MASK: the low bits index {@code zone->_watermark[]}. */
  public static final int WMARK_MASK = 0x3;
  public static final int NO_WATERMARKS = 0x04;
  public static final int OOM = 0x08;
  public static final int NON_BLOCK = 0x10;
  public static final int MIN_RESERVE = 0x20;
  public static final int CPUSET = 0x40;
  public static final int CMA = 0x80;
  public static final int NOFRAGMENT = 0x100;
  public static final int HIGHATOMIC = 0x200;
  public static final int TRYLOCK = 0x400;
  public static final int KSWAPD = 0x800;
  /** ALLOC_RESERVES: any of these may take the zone below min. */
  public static final int RESERVES = NON_BLOCK | MIN_RESERVE | HIGHATOMIC | OOM;

  private record Name(String name, int bit) {}

  private static final ImmutableList<Name> BITS =
      ImmutableList.of(
          new Name("ALLOC_NO_WATERMARKS", NO_WATERMARKS),
          new Name("ALLOC_OOM", OOM),
          new Name("ALLOC_NON_BLOCK", NON_BLOCK),
          new Name("ALLOC_MIN_RESERVE", MIN_RESERVE),
          new Name("ALLOC_CPUSET", CPUSET),
          new Name("ALLOC_CMA", CMA),
          new Name("ALLOC_NOFRAGMENT", NOFRAGMENT),
          new Name("ALLOC_HIGHATOMIC", HIGHATOMIC),
          new Name("ALLOC_TRYLOCK", TRYLOCK),
          new Name("ALLOC_KSWAPD", KSWAPD));

  private static final String[] WMARK_NAMES = {
    "ALLOC_WMARK_MIN", "ALLOC_WMARK_LOW", "ALLOC_WMARK_HIGH", "ALLOC_WMARK_3"
  };

  private AllocFlags() {}

  /**
   * Renders flags for the trace: the watermark index name first (always printed, since index 0
   * is WMARK_MIN), then set bits in ascending order, then leftover bits as hex; joined by
   * {@code |}. Example: {@code ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_MIN_RESERVE|ALLOC_KSWAPD}.
   */
  public static String format(int flags) {
    return NAMES.of(flags);
  }

  /** {@link #formatUncached} remembered per value: every traced allocation prints its flags. */
  private static final FlagNames NAMES = new FlagNames(AllocFlags::formatUncached);

  private static String formatUncached(int flags) {
    StringBuilder out = new StringBuilder(WMARK_NAMES[flags & WMARK_MASK]);
    int rest = flags & ~WMARK_MASK;
    for (Name n : BITS) {
      if ((rest & n.bit) != 0) {
        out.append('|').append(n.name);
        rest &= ~n.bit;
      }
    }
    if (rest != 0) {
      out.append('|').append(String.format(Locale.ROOT, "0x%x", rest));
    }
    return out.toString();
  }

  /**
   * Flags of the first (fast-path) attempt; mirrors {@code __alloc_frozen_pages_noprof()} with
   * {@code prepare_alloc_pages()} and {@code alloc_flags_nofragment()}: ALLOC_WMARK_LOW, plus
   * ALLOC_KSWAPD from __GFP_KSWAPD_RECLAIM, plus ALLOC_NOFRAGMENT when the preferred zone is
   * ZONE_NORMAL and a DMA32 zone exists (single node, so "exists" is enough). No reserve flags:
   * the fast path applies no reductions, even for GFP_ATOMIC.
   *
   * <p>Simplifications: cpusets are not enabled (no ALLOC_CPUSET), CONFIG_CMA is off (no
   * ALLOC_CMA) and {@code vm.defrag_mode} is 0.
   */
  public static int fastPath(int gfp, ZoneType preferredZone, boolean dma32Populated) {
    int flags = WMARK_LOW | (gfp & Gfp.KSWAPD_RECLAIM);
    if (preferredZone == ZoneType.NORMAL && dma32Populated) {
      flags |= NOFRAGMENT;
    }
    return flags;
  }

  /**
   * Slow-path flags; mirrors {@code gfp_to_alloc_flags()} in mm/page_alloc.c.
   *
   * <ol>
   *   <li>ALLOC_WMARK_MIN | ALLOC_CPUSET;
   *   <li>OR in {@code gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)} (same bits as ALLOC_MIN_RESERVE
   *       and ALLOC_KSWAPD);
   *   <li>without __GFP_DIRECT_RECLAIM: unless __GFP_NOMEMALLOC, add ALLOC_NON_BLOCK and, for
   *       order &gt; 0 with ALLOC_MIN_RESERVE, ALLOC_HIGHATOMIC; with ALLOC_MIN_RESERVE drop
   *       ALLOC_CPUSET;
   *   <li>otherwise an RT or deadline task in task context gets ALLOC_MIN_RESERVE.
   * </ol>
   *
   * CONFIG_CMA is off and defrag_mode is 0, so step 5 adds nothing.
   *
   * @param inInterrupt the caller is in hard-IRQ, softirq or NMI context (not {@code in_task()})
   * @param rtOrDlTask the current task is real-time or deadline ({@code rt_or_dl_task()})
   */
  public static int gfpToAllocFlags(int gfp, int order, boolean inInterrupt, boolean rtOrDlTask) {
    int flags = WMARK_MIN | CPUSET;
    flags |= gfp & (Gfp.HIGH | Gfp.KSWAPD_RECLAIM);
    if ((gfp & Gfp.DIRECT_RECLAIM) == 0) {
      if ((gfp & Gfp.NOMEMALLOC) == 0) {
        flags |= NON_BLOCK;
        if (order > 0 && (flags & MIN_RESERVE) != 0) {
          flags |= HIGHATOMIC;
        }
      }
      if ((flags & MIN_RESERVE) != 0) {
        flags &= ~CPUSET;
      }
    } else if (rtOrDlTask && !inInterrupt) {
      flags |= MIN_RESERVE;
    }
    return flags;
  }

  /** {@link #gfpToAllocFlags(int, int, boolean, boolean)} for a task that is not RT/deadline. */
  public static int gfpToAllocFlags(int gfp, int order, boolean inInterrupt) {
    return gfpToAllocFlags(gfp, order, inInterrupt, false);
  }

  /**
   * The reserve override of the retry loop; mirrors {@code __gfp_pfmemalloc_flags()}. First match
   * wins: __GFP_NOMEMALLOC gives 0; __GFP_MEMALLOC gives ALLOC_NO_WATERMARKS; PF_MEMALLOC in a
   * serving softirq, or PF_MEMALLOC outside interrupt context, gives ALLOC_NO_WATERMARKS; an OOM
   * victim outside interrupt context gets ALLOC_OOM; otherwise 0.
   */
  public static int gfpPfmemallocFlags(
      int gfp,
      boolean inInterrupt,
      boolean inServingSoftirq,
      boolean taskMemalloc,
      boolean oomVictim) {
    if ((gfp & Gfp.NOMEMALLOC) != 0) {
      return 0;
    }
    if ((gfp & Gfp.MEMALLOC) != 0) {
      return NO_WATERMARKS;
    }
    if (inServingSoftirq && taskMemalloc) {
      return NO_WATERMARKS;
    }
    if (!inInterrupt) {
      if (taskMemalloc) {
        return NO_WATERMARKS;
      }
      if (oomVictim) {
        return OOM;
      }
    }
    return 0;
  }
}

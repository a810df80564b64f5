package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.Locale;

/**
 * GFP mask bits, composite masks, their printed names, and what the allocator derives from a mask
 * (zone and migratetype). Values are Linux 6.18 on x86_64: include/linux/gfp_types.h with
 * CONFIG_KASAN_HW_TAGS and CONFIG_LOCKDEP off and CONFIG_SLAB_OBJ_EXT on, so
 * {@code __GFP_SKIP_ZERO}, {@code __GFP_SKIP_KASAN} and {@code __GFP_NOLOCKDEP} are 0 and
 * {@code __GFP_NO_OBJ_EXT} takes bit 24.
 */
public final class Gfp {
  public static final int DMA = 0x1;
  public static final int HIGHMEM = 0x2;
  public static final int DMA32 = 0x4;
  public static final int MOVABLE = 0x8;
  public static final int RECLAIMABLE = 0x10;
  public static final int HIGH = 0x20;
  public static final int IO = 0x40;
  public static final int FS = 0x80;
  public static final int ZERO = 0x100;
  // 0x200 is unused since 6.3 (it held __GFP_ATOMIC).
  public static final int DIRECT_RECLAIM = 0x400;
  public static final int KSWAPD_RECLAIM = 0x800;
  public static final int WRITE = 0x1000;
  public static final int NOWARN = 0x2000;
  public static final int RETRY_MAYFAIL = 0x4000;
  public static final int NOFAIL = 0x8000;
  public static final int NORETRY = 0x10000;
  public static final int MEMALLOC = 0x20000;
  public static final int COMP = 0x40000;
  public static final int NOMEMALLOC = 0x80000;
  public static final int HARDWALL = 0x100000;
  public static final int THISNODE = 0x200000;
  public static final int ACCOUNT = 0x400000;
  public static final int ZEROTAGS = 0x800000;
  /** Config-dependent bit 24 (CONFIG_SLAB_OBJ_EXT on a typical distro kernel). */
  public static final int NO_OBJ_EXT = 0x1000000;

  /** {@code __GFP_RECLAIM}. */
  public static final int RECLAIM = DIRECT_RECLAIM | KSWAPD_RECLAIM;
  /** {@code GFP_ZONEMASK}: the four zone-modifier bits. */
  public static final int ZONEMASK = DMA | HIGHMEM | DMA32 | MOVABLE;
  /** {@code GFP_MOVABLE_MASK}. */
  public static final int MOVABLE_MASK = RECLAIMABLE | MOVABLE;

  public static final int GFP_ATOMIC = HIGH | KSWAPD_RECLAIM;
  public static final int GFP_KERNEL = RECLAIM | IO | FS;
  public static final int GFP_KERNEL_ACCOUNT = GFP_KERNEL | ACCOUNT;
  public static final int GFP_NOWAIT = KSWAPD_RECLAIM | NOWARN;
  public static final int GFP_NOIO = RECLAIM;
  public static final int GFP_NOFS = RECLAIM | IO;
  public static final int GFP_USER = RECLAIM | IO | FS | HARDWALL;
  public static final int GFP_DMA = DMA;
  public static final int GFP_DMA32 = DMA32;
  public static final int GFP_HIGHUSER = GFP_USER | HIGHMEM;
  /** {@code __GFP_SKIP_KASAN} is 0 on x86_64, so it adds nothing here. */
  public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | MOVABLE;
  public static final int GFP_TRANSHUGE_LIGHT =
      (GFP_HIGHUSER_MOVABLE | COMP | NOMEMALLOC | NOWARN) & ~RECLAIM;
  public static final int GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | DIRECT_RECLAIM;

  private record Name(String name, int mask) {}

  /**
   * The name table in matching order; mirrors {@code __def_gfpflag_names} in
   * include/trace/events/mmflags.h (composites first, then single bits by ascending bit).
   */
  private static final ImmutableList<Name> NAMES =
      ImmutableList.of(
          new Name("GFP_TRANSHUGE", GFP_TRANSHUGE),
          new Name("GFP_TRANSHUGE_LIGHT", GFP_TRANSHUGE_LIGHT),
          new Name("GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE),
          new Name("GFP_HIGHUSER", GFP_HIGHUSER),
          new Name("GFP_USER", GFP_USER),
          new Name("GFP_KERNEL_ACCOUNT", GFP_KERNEL_ACCOUNT),
          new Name("GFP_KERNEL", GFP_KERNEL),
          new Name("GFP_NOFS", GFP_NOFS),
          new Name("GFP_ATOMIC", GFP_ATOMIC),
          new Name("GFP_NOIO", GFP_NOIO),
          new Name("GFP_NOWAIT", GFP_NOWAIT),
          new Name("GFP_DMA", GFP_DMA),
          new Name("GFP_DMA32", GFP_DMA32),
          new Name("__GFP_RECLAIM", RECLAIM),
          new Name("__GFP_DMA", DMA),
          new Name("__GFP_HIGHMEM", HIGHMEM),
          new Name("__GFP_DMA32", DMA32),
          new Name("__GFP_MOVABLE", MOVABLE),
          new Name("__GFP_RECLAIMABLE", RECLAIMABLE),
          new Name("__GFP_HIGH", HIGH),
          new Name("__GFP_IO", IO),
          new Name("__GFP_FS", FS),
          new Name("__GFP_ZERO", ZERO),
          new Name("__GFP_DIRECT_RECLAIM", DIRECT_RECLAIM),
          new Name("__GFP_KSWAPD_RECLAIM", KSWAPD_RECLAIM),
          new Name("__GFP_WRITE", WRITE),
          new Name("__GFP_NOWARN", NOWARN),
          new Name("__GFP_RETRY_MAYFAIL", RETRY_MAYFAIL),
          new Name("__GFP_NOFAIL", NOFAIL),
          new Name("__GFP_NORETRY", NORETRY),
          new Name("__GFP_MEMALLOC", MEMALLOC),
          new Name("__GFP_COMP", COMP),
          new Name("__GFP_NOMEMALLOC", NOMEMALLOC),
          new Name("__GFP_HARDWALL", HARDWALL),
          new Name("__GFP_THISNODE", THISNODE),
          new Name("__GFP_ACCOUNT", ACCOUNT),
          new Name("__GFP_ZEROTAGS", ZEROTAGS),
          new Name("__GFP_NO_OBJ_EXT", NO_OBJ_EXT));

  private Gfp() {}

  /**
   * Renders a mask like the kernel's {@code %pGg}; mirrors {@code format_flags()} in
   * lib/vsprintf.c. Walks the name table in order, printing every entry whose bits are all still
   * set and clearing them; bits left over print as {@code 0x%x}; entries are joined by {@code |}.
   * A zero mask renders as the empty string.
   */
  public static String format(int mask) {
    StringBuilder out = new StringBuilder();
    int rest = mask;
    for (Name n : NAMES) {
      if (rest == 0) {
        break;
      }
      if ((rest & n.mask) == n.mask) {
        if (out.length() > 0) {
          out.append('|');
        }
        out.append(n.name);
        rest &= ~n.mask;
      }
    }
    if (rest != 0) {
      if (out.length() > 0) {
        out.append('|');
      }
      out.append(String.format(Locale.ROOT, "0x%x", rest));
    }
    return out.toString();
  }

  /**
   * Renders a mask as tracepoints do ({@code show_gfp_flags} through
   * {@code trace_print_flags_seq()}): like {@link #format} but a zero mask prints {@code none}.
   */
  public static String formatForTrace(int mask) {
    return mask == 0 ? "none" : TRACE_NAMES.of(mask);
  }

  /** {@link #format} remembered per mask: every traced allocation prints its mask. */
  private static final FlagNames TRACE_NAMES = new FlagNames(Gfp::format);

  /**
   * Parses text such as {@code GFP_ATOMIC|__GFP_NOWARN}: names from the table (composite or single
   * bit) and hex numbers ({@code 0x200}), separated by {@code |}, spaces allowed around tokens.
   * {@code none} or an empty string parse as 0.
   *
   * @throws IllegalArgumentException naming an unknown token, with the closest known name
   */
  public static int parse(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.equals("none")) {
      return 0;
    }
    int mask = 0;
    for (String raw : trimmed.split("\\|", -1)) {
      String token = raw.strip();
      checkArgument(!token.isEmpty(), "empty GFP flag in '%s'", text);
      mask |= parseToken(token, text);
    }
    return mask;
  }

  private static int parseToken(String token, String text) {
    if (token.startsWith("0x") || token.startsWith("0X")) {
      try {
        return Integer.parseUnsignedInt(token.substring(2), 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "bad hex GFP value '" + token + "' in '" + text + "'", e);
      }
    }
    for (Name n : NAMES) {
      if (n.name.equals(token)) {
        return n.mask;
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Name n : NAMES) {
      int d = editDistance(token.toUpperCase(Locale.ROOT), n.name);
      if (d < bestDistance) {
        bestDistance = d;
        best = n.name;
      }
    }
    String hint = bestDistance <= Math.max(2, token.length() / 4) ? "; did you mean " + best + "?" : "";
    throw new IllegalArgumentException(
        "unknown GFP flag '" + token + "' in '" + text + "'" + hint);
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The highest zone an allocation may use (its {@code highest_zoneidx}); mirrors
   * {@code gfp_zone()} and {@code GFP_ZONE_TABLE} in include/linux/gfp.h for x86_64 (64-bit, no
   * highmem, so __GFP_HIGHMEM alone means NORMAL, and MOVABLE|HIGHMEM means MOVABLE).
   *
   * @throws IllegalArgumentException for the combinations Linux marks GFP_ZONE_BAD
   */
  public static ZoneType zone(int gfp) {
    int bits = gfp & ZONEMASK;
    switch (bits) {
      case 0:
      case HIGHMEM:
      case MOVABLE:
        return ZoneType.NORMAL;
      case DMA:
      case MOVABLE | DMA:
        return ZoneType.DMA;
      case DMA32:
      case MOVABLE | DMA32:
        return ZoneType.DMA32;
      case MOVABLE | HIGHMEM:
        return ZoneType.MOVABLE;
      default:
        throw new IllegalArgumentException(
            "GFP_ZONE_BAD zone modifiers " + format(bits) + " in " + format(gfp));
    }
  }

  /**
   * The free-list type an allocation asks for; mirrors {@code gfp_migratetype()} in
   * include/linux/gfp.h: {@code (gfp & (MOVABLE|RECLAIMABLE)) >> 3}.
   *
   * @throws IllegalArgumentException if both MOVABLE and RECLAIMABLE are set (Linux warns)
   */
  public static int migratetype(int gfp) {
    if ((gfp & MOVABLE_MASK) == MOVABLE_MASK) { // formatted only on failure: this is hot
      throw new IllegalArgumentException(
          "__GFP_MOVABLE and __GFP_RECLAIMABLE together in " + format(gfp));
    }
    return (gfp & MOVABLE_MASK) >>> 3;
  }

  /** {@code gfpflags_allow_blocking()}: the caller may sleep (has __GFP_DIRECT_RECLAIM). */
  public static boolean allowsBlocking(int gfp) {
    return (gfp & DIRECT_RECLAIM) != 0;
  }
}

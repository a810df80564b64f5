package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The size of one zone, as /proc/zoneinfo reports it: {@code spanned} frames from
 * {@code zone_start_pfn}, of which {@code present} exist and {@code managed} belong to the buddy
 * allocator ({@code zone_managed_pages()}).
 *
 * <p>Simplification: which frames are unmanaged is not tracked by cause (holes, memmap, kernel
 * image, early reservations). The emulator reserves the first {@code spanned - managed} frames of
 * the span and hands the rest to the buddy allocator.
 */
public record ZoneSpec(
    ZoneType type, long startPfn, long spannedPages, long presentPages, long managedPages) {

  public ZoneSpec {
    checkNotNull(type);
    checkArgument(startPfn >= 0, "negative start pfn %s", startPfn);
    checkArgument(
        0 <= managedPages && managedPages <= presentPages && presentPages <= spannedPages,
        "zone %s needs 0 <= managed (%s) <= present (%s) <= spanned (%s)",
        type.linuxName(), managedPages, presentPages, spannedPages);
    checkArgument(spannedPages <= Integer.MAX_VALUE, "zone %s too large", type.linuxName());
  }

  /** First pfn past the span. */
  public long endPfn() {
    return startPfn + spannedPages;
  }
}

package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The zones of the single emulated node, in zone order.
 *
 * <p>Simplification: one NUMA node (so one zonelist, no node fallback).
 */
public final class ZoneLayout {
  /** ZONE_DMA ends at 16 MiB on x86_64 (MAX_DMA_PFN). */
  public static final long DMA_END_PFN = (16L << 20) / PageOrder.PAGE_SIZE_BYTES;
  /** ZONE_DMA32 ends at 4 GiB (MAX_DMA32_PFN). */
  public static final long DMA32_END_PFN = (4L << 30) / PageOrder.PAGE_SIZE_BYTES;
  /** Frames of the BIOS hole 0x9f000-0x100000 missing from a typical e820 map. */
  static final long DMA_HOLE_PAGES = 96;
  /** Early boot reservations below 16 MiB (trampoline, BIOS data, ...) on a typical machine. */
  static final long DMA_RESERVED_PAGES = 159;

  private final ImmutableList<ZoneSpec> zones;

  private ZoneLayout(List<ZoneSpec> zones) {
    checkArgument(!zones.isEmpty(), "a node needs at least one zone");
    long end = 0;
    int lastIndex = -1;
    long lowmemManaged = 0;
    for (ZoneSpec z : zones) {
      checkArgument(z.type().index() > lastIndex, "zones out of order or repeated at %s", z.type());
      checkArgument(z.startPfn() >= end, "zone %s overlaps the previous zone", z.type());
      lastIndex = z.type().index();
      end = z.endPfn();
      if (z.type().isLowmem()) {
        lowmemManaged += z.managedPages();
      }
    }
    checkArgument(lowmemManaged > 0, "no managed lowmem: watermark setup would divide by zero");
    this.zones = ImmutableList.copyOf(zones);
  }

  /** A layout from explicit zones (for example the zones of a /proc/zoneinfo sample). */
  public static ZoneLayout of(List<ZoneSpec> zones) {
    return new ZoneLayout(zones);
  }

  /**
   * Zones laid out back to back from pfn 0, each starting at a MAX_PAGE_ORDER-aligned pfn so the
   * buddy allocator can build full blocks; sizes as given.
   */
  public static ZoneLayout packed(List<Sizes> sizes) {
    ImmutableList.Builder<ZoneSpec> out = ImmutableList.builder();
    long pfn = 0;
    long align = 1L << PageOrder.MAX_PAGE_ORDER;
    for (Sizes s : sizes) {
      out.add(new ZoneSpec(s.type, pfn, s.spannedPages, s.presentPages, s.managedPages));
      pfn = (pfn + s.spannedPages + align - 1) / align * align;
    }
    return new ZoneLayout(out.build());
  }

  /** The sizes of one zone for {@link #packed}. */
  public record Sizes(ZoneType type, long managedPages, long presentPages, long spannedPages) {
    /** A zone without holes or reservations: managed = present = spanned. */
    public static Sizes of(ZoneType type, long pages) {
      return new Sizes(type, pages, pages, pages);
    }
  }

  /**
   * The zones of an x86_64 machine with {@code totalBytes} of RAM, split as x86_64 does: DMA
   * below 16 MiB, DMA32 below 4 GiB, Normal above.
   *
   * <p>Simplifications, so that sizes are a pure function of the memory size:
   *
   * <ul>
   *   <li>RAM is contiguous from pfn 0 (no PCI hole below 4 GiB, so Normal starts at 4 GiB only
   *       when there is more than 4 GiB of RAM);
   *   <li>DMA spans pfns 1..4095 (pfn 0 is never in a zone), present = spanned - 96 (the BIOS
   *       hole at 640 KiB-1 MiB), managed = present - 159 (early reservations); this gives the
   *       familiar 4095 / 3999 / 3840;
   *   <li>DMA32 and Normal have no holes; each loses its own memmap (64-byte struct page per
   *       frame, so ceil(present / 64) frames) from managed. The kernel image and other boot
   *       allocations are not subtracted.
   * </ul>
   */
  public static ZoneLayout fromMemoryBytes(long totalBytes) {
    checkArgument(
        totalBytes % PageOrder.PAGE_SIZE_BYTES == 0, "memory size %s is not page aligned",
        totalBytes);
    long totalPages = totalBytes / PageOrder.PAGE_SIZE_BYTES;
    checkArgument(
        totalPages > DMA_END_PFN, "memory size %s bytes must exceed 16 MiB", totalBytes);
    ImmutableList.Builder<ZoneSpec> out = ImmutableList.builder();
    long dmaSpanned = DMA_END_PFN - 1;
    long dmaPresent = dmaSpanned - DMA_HOLE_PAGES;
    out.add(new ZoneSpec(ZoneType.DMA, 1, dmaSpanned, dmaPresent, dmaPresent - DMA_RESERVED_PAGES));
    long dma32End = Math.min(totalPages, DMA32_END_PFN);
    out.add(noHoles(ZoneType.DMA32, DMA_END_PFN, dma32End - DMA_END_PFN));
    if (totalPages > DMA32_END_PFN) {
      out.add(noHoles(ZoneType.NORMAL, DMA32_END_PFN, totalPages - DMA32_END_PFN));
    }
    return new ZoneLayout(out.build());
  }

  private static ZoneSpec noHoles(ZoneType type, long startPfn, long pages) {
    long memmapPages = (pages + 63) / 64;
    return new ZoneSpec(type, startPfn, pages, pages, pages - memmapPages);
  }

  /** The zones, in zone order. */
  public ImmutableList<ZoneSpec> zones() {
    return zones;
  }

  /** Managed pages indexed by zone index (0 for zones not in the layout). */
  public long[] managedByZoneIndex() {
    long[] managed = new long[ZoneType.COUNT];
    for (ZoneSpec z : zones) {
      managed[z.type().index()] = z.managedPages();
    }
    return managed;
  }
}

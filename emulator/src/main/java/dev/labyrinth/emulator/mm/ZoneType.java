package dev.labyrinth.emulator.mm;

/**
 * The zones of one node, in Linux's order; mirrors {@code enum zone_type} in
 * include/linux/mmzone.h for x86_64 with CONFIG_ZONE_DMA and CONFIG_ZONE_DMA32.
 *
 * <p>Simplification: there is no ZONE_HIGHMEM (x86_64 has none) and no ZONE_DEVICE, so the
 * emulator's MAX_NR_ZONES is 4 and every {@code lowmem_reserve[]} array has four entries (a 6.18
 * distro kernel prints a fifth, always equal to the Movable entry, for the empty Device zone).
 */
public enum ZoneType {
  DMA("DMA", 256),
  DMA32("DMA32", 256),
  NORMAL("Normal", 32),
  MOVABLE("Movable", 0);

  /** MAX_NR_ZONES as the emulator models it. */
  public static final int COUNT = 4;

  private static final ZoneType[] VALUES = values();

  private final String linuxName;
  private final int defaultLowmemReserveRatio;

  ZoneType(String linuxName, int defaultLowmemReserveRatio) {
    this.linuxName = linuxName;
    this.defaultLowmemReserveRatio = defaultLowmemReserveRatio;
  }

  /** The name Linux prints in /proc/zoneinfo and tracepoints ({@code zone_names[]}). */
  public String linuxName() {
    return linuxName;
  }

  /** The zone index, {@code zone_idx()}. */
  public int index() {
    return ordinal();
  }

  /** Default {@code sysctl_lowmem_reserve_ratio[]} entry for this zone (mm/page_alloc.c). */
  public int defaultLowmemReserveRatio() {
    return defaultLowmemReserveRatio;
  }

  /**
   * Whether the zone counts as lowmem for watermark setup: not HIGHMEM and not MOVABLE, as in
   * {@code __setup_per_zone_wmarks()}.
   */
  public boolean isLowmem() {
    return this != MOVABLE;
  }

  /** The zone with index {@code index}. */
  public static ZoneType ofIndex(int index) {
    return VALUES[index];
  }
}

package dev.labyrinth.reports.reserves;

/**
 * The lowest a zone's free pages went during the run, against the atomic floor.
 *
 * @param zone the zone
 * @param lowestFreePages the lowest free-page count after any allocation or free
 * @param atTimeNs when it was first reached
 * @param minPages the min watermark at that moment
 * @param atomicFloorPages 3/8 of that min
 * @param headroomPages how many more order-0 pages GFP_ATOMIC callers could have taken from that
 *     low point before their watermark check failed: {@code max(0, lowest - floor)}, ignoring
 *     lowmem_reserve (i.e. for callers whose preferred zone this is)
 */
public record ZoneLowPoint(String zone, long lowestFreePages, long atTimeNs, long minPages,
    long atomicFloorPages, long headroomPages) {}

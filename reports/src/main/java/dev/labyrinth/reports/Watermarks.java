package dev.labyrinth.reports;

/**
 * Watermark arithmetic the reports need, copied from the trace contract rather than the emulator
 * (reports never imports it). See linux-mm.md section 2.4, {@code __zone_watermark_ok}.
 */
public final class Watermarks {

  private Watermarks() {}

  /**
   * The lowest free-page level a {@code GFP_ATOMIC} caller (ALLOC_MIN_RESERVE and ALLOC_NON_BLOCK)
   * still passes against the min watermark: min minus half of it, then minus a quarter of what is
   * left, in integer division, so 3/8 of min ({@code 1024 -> 384}). An order-0 atomic request
   * succeeds while free pages are above it, ignoring lowmem_reserve and highatomic pages.
   */
  public static long atomicFloorPages(long minPages) {
    long halved = minPages - minPages / 2;
    return halved - halved / 4;
  }
}

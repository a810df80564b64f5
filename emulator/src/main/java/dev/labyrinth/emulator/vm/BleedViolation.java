package dev.labyrinth.emulator.vm;

/**
 * A read that saw data it must not see: the bleed checker's finding, reported as a value and a
 * {@code vm_bleed} trace record, never an exception.
 *
 * @param kind {@code leak} (the data was written by another process) or {@code pin_unreliable}
 *     (a long-term pin no longer sees its own process's writes; cow.c "Longterm R/O pin is not
 *     reliable") or {@code stale} (a process's own read lost one of its writes)
 * @param readerPid the process that read
 * @param writerPid the process that wrote the data seen (0 for zeroes)
 * @param pfn the frame read
 * @param address the virtual address read, in the reader's address space
 * @param via {@code read} for a load through the page tables, or {@code pin N} for a read through
 *     pin or pipe reference N
 * @param observedToken the token the frame held
 * @param expectedToken the token the reader should have seen
 * @param forkId the fork that last shared this frame (0 if none)
 * @param forkParentPid that fork's parent (0 if none)
 * @param forkChildPid that fork's child (0 if none)
 */
public record BleedViolation(
    String kind,
    int readerPid,
    int writerPid,
    long pfn,
    long address,
    String via,
    long observedToken,
    long expectedToken,
    int forkId,
    int forkParentPid,
    int forkChildPid) {

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT,
        "%s: pid %d read 0x%x (pfn 0x%x, via %s) and saw token %d written by pid %d, expected %d;"
            + " shared by fork %d (%d -> %d)",
        kind, readerPid, address, pfn, via, observedToken, writerPid, expectedToken, forkId,
        forkParentPid, forkChildPid);
  }
}

package dev.labyrinth.emulator.vm;

/**
 * One live reference taken by {@link Vm#pin}: a pipe buffer (FOLL_GET) or a long-term FOLL_PIN,
 * over consecutive pages. For each page it keeps the frame (-1 for the zero page, which has no
 * refcount) and the token a read through the reference must see (the bleed checker's
 * expectation).
 */
final class Pin {
  final int id;
  final int ownerPid;
  final PinKind kind;
  final long startVpn;
  final long[] pfns;
  final long[] expectedTokens;
  /**
   * For a FOLL_PIN: the page is still mapped at its address in the owner, so the owner's writes
   * there must reach the pinned frame (cow.c: "Longterm R/O pin is not reliable" otherwise).
   */
  final boolean[] tracksOwner;

  Pin(int id, int ownerPid, PinKind kind, long startVpn, int pages) {
    this.id = id;
    this.ownerPid = ownerPid;
    this.kind = kind;
    this.startVpn = startVpn;
    this.pfns = new long[pages];
    this.expectedTokens = new long[pages];
    this.tracksOwner = new boolean[pages];
  }
}

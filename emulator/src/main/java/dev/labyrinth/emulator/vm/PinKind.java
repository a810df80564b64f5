package dev.labyrinth.emulator.vm;

/**
 * The kinds of page reference a task program can take outside its page tables, named after the
 * user-visible operation, with the GUP flags Linux 6.18 uses for it (mm/gup.c).
 */
public enum PinKind {
  /**
   * vmsplice() of user memory into a pipe: FOLL_GET (refcount + 1), read-only, not long-term, no
   * unshare. The pipe keeps whatever the page holds; nobody else's writes may reach it.
   */
  VMSPLICE("vmsplice", false, false, false),
  /**
   * A read-only long-term pin (gup_test PIN_LONGTERM_TEST_START): FOLL_PIN | FOLL_LONGTERM.
   * {@code gup_must_unshare()} applies: a page that is not PageAnonExclusive is unshared first.
   */
  RO_LONGTERM("ro_longterm", true, false, true),
  /**
   * A read-write long-term pin, as io_uring fixed buffers register them:
   * FOLL_PIN | FOLL_LONGTERM | FOLL_WRITE (write-faults the page first).
   */
  RW_LONGTERM("rw_longterm", true, true, true);

  private final String traceName;
  private final boolean follPin;
  private final boolean follWrite;
  private final boolean longterm;

  PinKind(String traceName, boolean follPin, boolean follWrite, boolean longterm) {
    this.traceName = traceName;
    this.follPin = follPin;
    this.follWrite = follWrite;
    this.longterm = longterm;
  }

  /** The name in trace records. */
  public String traceName() {
    return traceName;
  }

  /** FOLL_PIN (as opposed to FOLL_GET). */
  public boolean follPin() {
    return follPin;
  }

  /** FOLL_WRITE. */
  public boolean follWrite() {
    return follWrite;
  }

  /** FOLL_LONGTERM. */
  public boolean longterm() {
    return longterm;
  }
}

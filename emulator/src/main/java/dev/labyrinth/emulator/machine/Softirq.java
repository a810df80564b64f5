package dev.labyrinth.emulator.machine;

/**
 * The softirq vectors of {@code include/linux/interrupt.h}, in vector order; the ordinal is the
 * {@code vec} number Linux's {@code softirq_entry} prints and the name is its {@code action}.
 * {@code __do_softirq()} serves pending vectors from the lowest number up.
 */
public enum Softirq {
  HI,
  TIMER,
  NET_TX,
  NET_RX,
  BLOCK,
  IRQ_POLL,
  TASKLET,
  SCHED,
  HRTIMER,
  RCU;

  private static final Softirq[] BY_VEC = values();

  /** The vector number. */
  public int vec() {
    return ordinal();
  }

  static Softirq ofVec(int vec) {
    return BY_VEC[vec];
  }

  /** The vector named {@code name} exactly (Linux spelling), or null. */
  public static Softirq byName(String name) {
    for (Softirq s : BY_VEC) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }
}

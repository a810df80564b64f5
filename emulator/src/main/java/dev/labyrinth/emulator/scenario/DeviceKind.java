package dev.labyrinth.emulator.scenario;

import java.util.Locale;

/** The arrival patterns of interrupt-raising devices; spelled in lowercase in YAML. */
public enum DeviceKind {
  /** Periodic: every {@code period}, displaced by up to {@code jitter}. */
  TIMER,
  /** Poisson arrivals with mean gap {@code mean}. */
  POISSON,
  /** Poisson arrivals with mean gap {@code mean} during {@code on} periods, none during {@code off}. */
  BURST,
  /** Arrival times replayed from {@code arrivals} or {@code file}. */
  REPLAY;

  /** The YAML spelling, e.g. {@code timer}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package dev.labyrinth.emulator.scenario;

import java.util.Locale;

/** The kinds of interrupt-raising device a scenario may declare; spelled in lowercase in YAML. */
public enum DeviceKind {
  /** A periodic timer: fires every {@code period}, optionally displaced by up to {@code jitter}. */
  TIMER;

  /** The YAML spelling, e.g. {@code timer}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

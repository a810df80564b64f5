package dev.labyrinth.emulator.cli;

/** The process exit codes every command uses, so scripts can tell the failures apart. */
final class ExitCodes {

  /** The command did what was asked. */
  static final int OK = 0;

  /** A bug in Labyrinth: please report it. */
  static final int INTERNAL_ERROR = 1;

  /** The user's input (arguments, scenario, trace file) is wrong; the message says where. */
  static final int BAD_INPUT = 2;

  /** The command ran, and the check it performs failed (for example a trace diverged). */
  static final int CHECK_FAILED = 3;

  private ExitCodes() {}
}

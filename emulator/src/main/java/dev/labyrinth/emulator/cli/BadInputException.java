package dev.labyrinth.emulator.cli;

/** Input a user can fix (a missing file, a malformed trace); reported without a stack trace. */
final class BadInputException extends Exception {

  private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }
}

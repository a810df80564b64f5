package dev.labyrinth.emulator.cli;

/**
 * Which slice of a sweep this process runs: shard {@code index} of {@code count} takes the runs
 * whose index modulo {@code count} is {@code index}. Striding (rather than contiguous ranges)
 * spreads slow parameter settings over every shard, and the assignment depends on nothing but the
 * sweep's arguments, so a failed shard is simply run again.
 *
 * @param index this shard, 0-based (Kubernetes' {@code JOB_COMPLETION_INDEX})
 * @param count how many shards
 */
record ShardSpec(int index, int count) {

  /** The whole sweep as one shard. */
  static final ShardSpec WHOLE = new ShardSpec(0, 1);

  static ShardSpec parse(String text) throws BadInputException {
    int slash = text.indexOf('/');
    String hint = "--shard " + text + ": expected I/N with 0 <= I < N, e.g. --shard 0/4";
    if (slash < 0) {
      throw new BadInputException(hint);
    }
    try {
      int index = Integer.parseInt(text.substring(0, slash).trim());
      int count = Integer.parseInt(text.substring(slash + 1).trim());
      if (count < 1 || index < 0 || index >= count) {
        throw new BadInputException(hint);
      }
      return new ShardSpec(index, count);
    } catch (NumberFormatException e) {
      throw new BadInputException(hint);
    }
  }

  boolean owns(long runIndex) {
    return runIndex % count == index;
  }

  boolean whole() {
    return count == 1;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}

package dev.labyrinth.reports.sizing;

/**
 * One setting a reserve sizing tried.
 *
 * @param setting the knob's value (e.g. vm.min_free_kbytes)
 * @param runs seeds run at that setting
 * @param failingRuns seeds that missed the target
 */
public record SizingPoint(long setting, long runs, long failingRuns) {

  /** The failure rate in basis points (1/100 of a percent), rounded down: integers only. */
  public long failureBasisPoints() {
    return runs == 0 ? 0 : failingRuns * 10_000 / runs;
  }

  /** The failure rate as text, e.g. {@code 12.34%}. */
  public String failureRateText() {
    long bp = failureBasisPoints();
    return bp / 100 + "." + String.format(java.util.Locale.ROOT, "%02d", bp % 100) + "%";
  }
}

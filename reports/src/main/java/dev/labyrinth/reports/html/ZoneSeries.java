package dev.labyrinth.reports.html;

/**
 * One zone's free pages and watermarks over time, downsampled to pixel columns as they stream
 * past. Free pages are observed exactly where the reserve analysis and the Chrome counters observe
 * them (docs/exports.md): a record's {@code free_before}, and the level after it.
 */
final class ZoneSeries {

  private final String zone;
  private final MinMaxColumns free;
  private final MinMaxColumns min;
  private final MinMaxColumns low;
  private final MinMaxColumns high;
  private final long endNs;

  ZoneSeries(String zone, long endNs, int columns) {
    this.zone = zone;
    this.endNs = endNs;
    this.free = new MinMaxColumns(endNs, columns);
    this.min = new MinMaxColumns(endNs, columns);
    this.low = new MinMaxColumns(endNs, columns);
    this.high = new MinMaxColumns(endNs, columns);
  }

  String zone() {
    return zone;
  }

  /** A free-page level seen at {@code timeNs}; negative levels (unknown) are ignored. */
  void free(long timeNs, long pages) {
    if (pages >= 0) {
      free.add(timeNs, pages);
    }
  }

  /** The watermarks in force at {@code timeNs}; negative values (unknown) are ignored. */
  void watermarks(long timeNs, long minPages, long lowPages, long highPages) {
    addIfChanged(min, timeNs, minPages);
    addIfChanged(low, timeNs, lowPages);
    addIfChanged(high, timeNs, highPages);
  }

  private static void addIfChanged(MinMaxColumns series, long timeNs, long pages) {
    if (pages >= 0 && (series.isEmpty() || series.last() != pages)) {
      series.add(timeNs, pages);
    }
  }

  /**
   * Carries every series' last value to the end of the run, so a level that never changed after
   * boot still draws as a line across the whole chart.
   */
  void finish() {
    for (MinMaxColumns series : new MinMaxColumns[] {free, min, low, high}) {
      if (!series.isEmpty()) {
        series.add(endNs, series.last());
      }
    }
  }

  MinMaxColumns free() {
    return free;
  }

  MinMaxColumns min() {
    return min;
  }

  MinMaxColumns low() {
    return low;
  }

  MinMaxColumns high() {
    return high;
  }
}

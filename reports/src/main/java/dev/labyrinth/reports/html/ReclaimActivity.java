package dev.labyrinth.reports.html;

import dev.labyrinth.reports.EventContext;
import dev.labyrinth.reports.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kswapd and direct reclaim over the run. kswapd is awake from {@code mm_vmscan_kswapd_wake} to
 * {@code mm_vmscan_kswapd_sleep} (one node, as the emulator models); a direct-reclaim episode runs
 * from {@code mm_vmscan_direct_reclaim_begin} to {@code _end} on one CPU. Both are also drawn as
 * bands on the zone charts, one boolean per pixel column.
 */
final class ReclaimActivity {

  /** One direct-reclaim episode. */
  record Episode(long beginNs, long endNs, int cpu, String task, long order, String gfpFlags,
      long reclaimedPages) {}

  private final MinMaxColumns grid;
  private final boolean[] kswapdColumns;
  private final boolean[] directColumns;
  private final long endNs;
  private final int tableRowsMax;
  private final List<Episode> episodes = new ArrayList<>();
  private final Map<Long, TraceEvent> beginByCpu = new TreeMap<>();
  private long episodeCount;
  private long directTotalNs;
  private long directLongestNs;
  private long reclaimedPages;
  private long wakeupRequests;
  private long wakes;
  private long awakeSinceNs = -1;
  private long awakeTotalNs;
  private long awakeLongestNs;

  ReclaimActivity(long endNs, int columns, int tableRowsMax) {
    this.endNs = endNs;
    this.grid = new MinMaxColumns(endNs, columns);
    this.kswapdColumns = new boolean[columns];
    this.directColumns = new boolean[columns];
    this.tableRowsMax = tableRowsMax;
  }

  void observe(TraceEvent event) {
    switch (event.name()) {
      case "mm_vmscan_wakeup_kswapd" -> wakeupRequests++;
      case "mm_vmscan_kswapd_wake" -> {
        if (awakeSinceNs < 0) {
          wakes++;
          awakeSinceNs = event.timeNs();
        }
      }
      case "mm_vmscan_kswapd_sleep" -> sleep(event.timeNs());
      case "mm_vmscan_direct_reclaim_begin" -> beginByCpu.put(event.longField("cpu", -1), event);
      case "mm_vmscan_direct_reclaim_end" -> end(event);
      default -> { }
    }
  }

  private void sleep(long timeNs) {
    if (awakeSinceNs < 0) {
      return;
    }
    long awakeNs = timeNs - awakeSinceNs;
    awakeTotalNs += awakeNs;
    awakeLongestNs = Math.max(awakeLongestNs, awakeNs);
    mark(kswapdColumns, awakeSinceNs, timeNs);
    awakeSinceNs = -1;
  }

  private void end(TraceEvent event) {
    TraceEvent begin = beginByCpu.remove(event.longField("cpu", -1));
    if (begin == null) {
      return;
    }
    long durationNs = event.timeNs() - begin.timeNs();
    long reclaimed = Math.max(0, event.longField("nr_reclaimed", 0));
    episodeCount++;
    directTotalNs += durationNs;
    directLongestNs = Math.max(directLongestNs, durationNs);
    reclaimedPages += reclaimed;
    mark(directColumns, begin.timeNs(), event.timeNs());
    if (episodes.size() < tableRowsMax) {
      EventContext where = EventContext.of(begin);
      episodes.add(new Episode(begin.timeNs(), event.timeNs(), where.cpu(),
          where.comm() + "-" + where.pid(), begin.longField("order", 0),
          begin.stringField("gfp_flags", "none"), reclaimed));
    }
  }

  private void mark(boolean[] columns, long fromNs, long toNs) {
    int last = grid.column(toNs);
    for (int c = grid.column(fromNs); c <= last; c++) {
      columns[c] = true;
    }
  }

  /** kswapd still awake at the end counts as awake until the end of the run. */
  void finish() {
    sleep(endNs);
  }

  long wakeupRequests() {
    return wakeupRequests;
  }

  long wakes() {
    return wakes;
  }

  long awakeTotalNs() {
    return awakeTotalNs;
  }

  long awakeLongestNs() {
    return awakeLongestNs;
  }

  long episodeCount() {
    return episodeCount;
  }

  long directTotalNs() {
    return directTotalNs;
  }

  long directLongestNs() {
    return directLongestNs;
  }

  long reclaimedPages() {
    return reclaimedPages;
  }

  List<Episode> episodes() {
    return episodes;
  }

  boolean[] kswapdColumns() {
    return kswapdColumns;
  }

  boolean[] directColumns() {
    return directColumns;
  }
}

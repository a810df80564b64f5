package dev.labyrinth.reports.reserves;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One zone's drain window: everything allocated and freed since the zone was last at or above
 * its high watermark, which is where kswapd stops reclaiming and so where a drain "starts".
 * Also follows when the zone last fell below low, and its lowest point of the run.
 */
final class ZoneDrain {

  private final String zone;
  private long sinceNs;
  private Tally allocations = Tally.ZERO;
  private Tally freed = Tally.ZERO;
  private final Map<String, Tally> callers = new TreeMap<>();
  private long belowLowSinceNs = -1;
  private long minPages = -1;
  private long lowPages = -1;
  private long highPages = -1;
  private ZoneLowPoint lowest;

  ZoneDrain(String zone, long sinceNs) {
    this.zone = zone;
    this.sinceNs = sinceNs;
  }

  void watermarks(long min, long low, long high) {
    if (min >= 0) {
      minPages = min;
    }
    if (low >= 0) {
      lowPages = low;
    }
    if (high >= 0) {
      highPages = high;
    }
  }

  long minPages() {
    return minPages;
  }

  long lowPages() {
    return lowPages;
  }

  long highPages() {
    return highPages;
  }

  /** A free-page level observed at {@code timeNs}: resets the window at high, tracks low. */
  void level(long timeNs, long freePages) {
    if (freePages < 0) {
      return;
    }
    if (highPages >= 0 && freePages >= highPages) {
      sinceNs = timeNs;
      allocations = Tally.ZERO;
      freed = Tally.ZERO;
      callers.clear();
    }
    if (lowPages >= 0 && freePages >= lowPages) {
      belowLowSinceNs = -1;
    } else if (lowPages >= 0 && belowLowSinceNs < 0) {
      belowLowSinceNs = timeNs;
    }
    if (lowest == null || freePages < lowest.lowestFreePages()) {
      long floor = dev.labyrinth.reports.Watermarks.atomicFloorPages(Math.max(minPages, 0));
      lowest = new ZoneLowPoint(zone, freePages, timeNs, minPages, floor,
          Math.max(0, freePages - floor));
    }
  }

  void allocated(String caller, long pages) {
    allocations = allocations.plus(pages);
    callers.merge(caller, Tally.ZERO.plus(pages),
        (a, b) -> new Tally(a.allocations() + b.allocations(), a.pages() + b.pages()));
  }

  void freed(long pages) {
    freed = freed.plus(pages);
  }

  /** The window as it stands: the cause of an allocation that hits a reserve now. */
  DrainCause cause() {
    List<CallerTally> top = new ArrayList<>();
    callers.forEach((caller, tally) -> top.add(new CallerTally(caller, tally)));
    top.sort((a, b) -> a.tally().pages() != b.tally().pages()
        ? Long.compare(b.tally().pages(), a.tally().pages()) : a.caller().compareTo(b.caller()));
    return new DrainCause(sinceNs, allocations, freed,
        ImmutableList.copyOf(top.subList(0, Math.min(3, top.size()))), belowLowSinceNs);
  }

  ZoneLowPoint lowest() {
    return lowest;
  }
}

package dev.labyrinth.reports.export;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The open slices of one CPU's track: the running task at the bottom, then softirqs and hardirq
 * handlers that interrupted it. Each slice is written as one complete ({@code X}) event when it
 * ends, with its begin time and duration.
 *
 * <p>Why not {@code B}/{@code E} pairs: Chrome DevTools (checked with the Performance panel of
 * Chromium 156) matches every {@code E} against one stack shared by all threads, so two CPUs
 * whose slices overlap in time produce "Begin/End events mismatch" and slices without a
 * duration. Complete events are matched per thread by both DevTools and Perfetto.
 *
 * <p>Why some slices wait: a slice that begins at the same instant as the slice around it (an
 * interrupt delivered the moment a task is switched in) ends first, so it would be written first,
 * and a viewer that breaks timestamp ties by file order (Perfetto's JSON importer, per its issue
 * tracker) would nest the parent inside the child. Such a slice is held by its parent and written
 * right after it. Only slices sharing their parent's begin time wait, so what is held is bounded
 * by the nesting depth, not by the trace's length.
 *
 * <p>Every end is checked against this stack: an end for a slice that is not on top closes the
 * slices above it first, and an end for a slice that was never opened is reported to the caller
 * instead of producing a slice out of nothing.
 */
final class CpuSliceStack {

  /** What kind of work a slice stands for, and the key that matches its end to its begin. */
  record Slice(String kind, long key, String name, String category) {}

  /** A slice that has begun, with the ended slices it holds back (see the class comment). */
  private static final class Open {
    final Slice slice;
    final long beginNs;
    final Map<String, Object> args;
    final List<Ended> held = new ArrayList<>();

    Open(Slice slice, long beginNs, Map<String, Object> args) {
      this.slice = slice;
      this.beginNs = beginNs;
      this.args = args;
    }
  }

  /** An ended slice, and the ended slices that began at its begin time inside it. */
  private record Ended(Open open, long endNs) {}

  private final int tid;
  private final Deque<Open> open = new ArrayDeque<>();

  CpuSliceStack(int tid) {
    this.tid = tid;
  }

  int tid() {
    return tid;
  }

  void push(Slice slice, long timeNs, Map<String, Object> args) {
    open.push(new Open(slice, timeNs, args));
  }

  /**
   * Ends the innermost open slice of {@code kind} with {@code key}, and any slices still open
   * above it. Returns false, writing nothing, when no such slice is open.
   */
  boolean pop(ChromeEventWriter out, String kind, long key, long timeNs) throws IOException {
    boolean found = false;
    for (Iterator<Open> it = open.iterator(); it.hasNext(); ) {
      Slice slice = it.next().slice;
      if (slice.kind().equals(kind) && slice.key() == key) {
        found = true;
        break;
      }
    }
    if (!found) {
      return false;
    }
    while (true) {
      Slice top = endTop(out, timeNs);
      if (top.kind().equals(kind) && top.key() == key) {
        return true;
      }
    }
  }

  /** Ends every open slice, innermost first. */
  void closeAll(ChromeEventWriter out, long timeNs) throws IOException {
    while (!open.isEmpty()) {
      endTop(out, timeNs);
    }
  }

  private Slice endTop(ChromeEventWriter out, long timeNs) throws IOException {
    Open top = open.pop();
    Ended ended = new Ended(top, timeNs);
    Open parent = open.peek();
    if (parent != null && parent.beginNs == top.beginNs) {
      parent.held.add(ended);
    } else {
      write(out, ended);
    }
    return top.slice;
  }

  /** Writes a slice, then the slices it held, so each parent precedes its children. */
  private void write(ChromeEventWriter out, Ended ended) throws IOException {
    Open slice = ended.open();
    out.complete(slice.slice.name(), slice.slice.category(), slice.beginNs,
        ended.endNs() - slice.beginNs, tid, slice.args);
    for (Ended child : slice.held) {
      write(out, child);
    }
  }
}

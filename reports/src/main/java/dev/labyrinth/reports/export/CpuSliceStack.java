package dev.labyrinth.reports.export;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The open slices of one CPU's track: the running task at the bottom, then softirqs and hardirq
 * handlers that interrupted it. Chrome and Perfetto need strictly nested {@code B}/{@code E} per
 * thread, so every end is checked against this stack; an end for a slice that is not on top
 * closes the slices above it first, and an end for a slice that was never opened is reported to
 * the caller instead of producing an unmatched {@code E}.
 */
final class CpuSliceStack {

  /** What kind of work a slice stands for, and the key that matches its end to its begin. */
  record Slice(String kind, long key, String name, String category) {}

  private final int tid;
  private final Deque<Slice> open = new ArrayDeque<>();

  CpuSliceStack(int tid) {
    this.tid = tid;
  }

  int tid() {
    return tid;
  }

  void push(ChromeEventWriter out, Slice slice, long timeNs,
      java.util.Map<String, Object> args) throws IOException {
    out.begin(slice.name(), slice.category(), timeNs, tid, args);
    open.push(slice);
  }

  /**
   * Ends the innermost open slice of {@code kind} with {@code key}, and any slices still open
   * above it. Returns false, writing nothing, when no such slice is open.
   */
  boolean pop(ChromeEventWriter out, String kind, long key, long timeNs) throws IOException {
    boolean found = false;
    for (Iterator<Slice> it = open.iterator(); it.hasNext(); ) {
      Slice slice = it.next();
      if (slice.kind().equals(kind) && slice.key() == key) {
        found = true;
        break;
      }
    }
    if (!found) {
      return false;
    }
    while (true) {
      Slice top = open.pop();
      out.end(top.name(), top.category(), timeNs, tid);
      if (top.kind().equals(kind) && top.key() == key) {
        return true;
      }
    }
  }

  /** Ends every open slice, innermost first. */
  void closeAll(ChromeEventWriter out, long timeNs) throws IOException {
    while (!open.isEmpty()) {
      Slice top = open.pop();
      out.end(top.name(), top.category(), timeNs, tid);
    }
  }
}

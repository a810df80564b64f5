package dev.labyrinth.reports.export;

import dev.labyrinth.reports.EventContext;
import dev.labyrinth.reports.TimeText;
import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.TraceReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Exports a canonical trace as text in the {@code /sys/kernel/tracing/trace} layout, so grep and
 * awk scripts written for real kernels work on it. Two streaming passes: the first counts the
 * records and CPUs for the header's {@code entries-in-buffer} and {@code #P:}, the second writes
 * one line per record. Every record becomes a line, including Labyrinth-only ones.
 */
public final class FtraceExporter {

  private FtraceExporter() {}

  /** Writes the export of {@code trace} to {@code out} (which the caller closes). */
  public static void export(Path trace, OutputStream out) throws IOException,
      TraceFormatException {
    long entries = 0;
    long cpus = 0;
    try (TraceReader reader = TraceReader.open(trace)) {
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        entries++;
        if (event.name().equals("machine")) {
          cpus = Math.max(cpus, event.longField("cpus", 0));
        }
        cpus = Math.max(cpus, event.longField("cpu", -1) + 1);
      }
    }
    Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    text.write(FtraceHeader.text(entries, cpus));
    StringBuilder line = new StringBuilder(256);
    try (TraceReader reader = TraceReader.open(trace)) {
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        line.setLength(0);
        appendLine(line, event);
        text.write(line.toString());
      }
    }
    text.flush();
  }

  /** One line: {@code comm-pid [cpu] flags seconds.micros: event: fields}, ending in LF. */
  static void appendLine(StringBuilder line, TraceEvent event) {
    EventContext where = EventContext.of(event);
    String comm = FtraceFields.value(where.comm());
    line.append(" ".repeat(Math.max(0, 16 - comm.length()))).append(comm).append('-');
    String pid = Long.toString(where.pid());
    line.append(pid).append(" ".repeat(Math.max(0, 7 - pid.length()))).append(' ');
    String cpu = Integer.toString(Math.max(where.cpu(), 0));
    line.append('[').append("0".repeat(Math.max(0, 3 - cpu.length()))).append(cpu).append("] ");
    line.append(flags(where.ctx())).append(' ');
    line.append(TimeText.ftraceSeconds(event.timeNs())).append(": ");
    line.append(FtraceFields.value(event.name())).append(": ");
    line.append(FtraceFields.of(event)).append('\n');
  }

  /**
   * The five latency characters (irqs-off, need-resched, hardirq/softirq, preempt depth,
   * migrate-disable) for the record's context. The trace does not record irq or preempt state,
   * so these are what Linux typically shows there: {@code d.h1.} in a hardirq handler (irqs off,
   * in hardirq, preempt count one), {@code ..s1.} in a softirq, {@code .....} in a task.
   */
  static String flags(String ctx) {
    return switch (ctx) {
      case "hardirq" -> "d.h1.";
      case "softirq" -> "..s1.";
      default -> ".....";
    };
  }
}

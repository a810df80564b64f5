package dev.labyrinth.reports.export;

import dev.labyrinth.reports.EventContext;
import dev.labyrinth.reports.SoftirqNames;
import dev.labyrinth.reports.TraceEvent;
import dev.labyrinth.reports.TraceFingerprint;
import dev.labyrinth.reports.TraceFormatException;
import dev.labyrinth.reports.TraceHeaderInfo;
import dev.labyrinth.reports.TraceReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a canonical trace as Chrome Trace Event JSON (the object form), which ui.perfetto.dev
 * and Chrome DevTools open unchanged. One pass, one record at a time: the output is written as
 * the trace is read, and the only state is one slice stack per CPU and the last counter values
 * per zone. docs/exports.md lists how each event maps to tracks, slices, counters and instants.
 */
public final class ChromeTraceExporter {

  private ChromeTraceExporter() {}

  /** Writes the export of {@code trace} to {@code out} (which the caller closes). */
  public static void export(Path trace, OutputStream out) throws IOException,
      TraceFormatException {
    String fingerprint = TraceFingerprint.of(trace);
    try (TraceReader reader = TraceReader.open(trace);
        ChromeEventWriter json = new ChromeEventWriter(out)) {
      TraceHeaderInfo header = reader.header();
      json.begin();
      json.metadata("process_name", ChromeTracks.MACHINE_TID, "name",
          "labyrinth: " + header.scenario() + " (seed " + header.seed() + ")");
      json.metadata("process_sort_index", ChromeTracks.MACHINE_TID, "sort_index", 0L);
      nameTrack(json, ChromeTracks.MACHINE_TID, "machine");
      Pass pass = new Pass(json);
      long lastTimeNs = 0;
      for (TraceEvent event = reader.next(); event != null; event = reader.next()) {
        pass.observe(event);
        lastTimeNs = event.timeNs();
      }
      for (CpuSliceStack stack : pass.cpus.values()) {
        stack.closeAll(json, lastTimeNs);
      }
      json.end(otherData(header, fingerprint));
    }
  }

  private static Map<String, Object> otherData(TraceHeaderInfo header, String fingerprint) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("generator", "labyrinth export --format chrome");
    data.put("trace_format_version", (long) header.version());
    data.put("scenario", header.scenario());
    data.put("scenario_sha256", header.scenarioSha256());
    data.put("seed", header.seed());
    data.put("overrides", header.overrides());
    data.put("fingerprint", fingerprint);
    return data;
  }

  private static void nameTrack(ChromeEventWriter json, int tid, String name) throws IOException {
    json.metadata("thread_name", tid, "name", name);
    json.metadata("thread_sort_index", tid, "sort_index", (long) ChromeTracks.sortIndex(tid));
  }

  /** The state of one export pass. */
  private static final class Pass {
    private final ChromeEventWriter json;
    private final Map<Integer, CpuSliceStack> cpus = new TreeMap<>();
    private final ZoneCounters counters = new ZoneCounters();

    Pass(ChromeEventWriter json) {
      this.json = json;
    }

    void observe(TraceEvent event) throws IOException {
      if (event.name().equals("machine")) {
        for (int cpu = 0; cpu < event.longField("cpus", 0); cpu++) {
          cpu(cpu);
        }
      }
      EventContext where = EventContext.of(event);
      counters.observe(json, event);
      if (!where.onCpu()) {
        json.instant(event.name(), ChromeCategories.of(event.name()), event.timeNs(),
            ChromeTracks.MACHINE_TID, "g", event.fields());
        return;
      }
      CpuSliceStack stack = cpu(where.cpu());
      long t = event.timeNs();
      switch (event.name()) {
        case "irq_handler_entry" -> stack.push(new CpuSliceStack.Slice("hardirq",
            event.longField("irq", -1), "irq " + event.longField("irq", -1) + ": "
                + event.stringField("name", "?"), "irq"), t, event.fields());
        case "softirq_entry" -> stack.push(new CpuSliceStack.Slice("softirq",
            event.longField("vec", -1), "softirq " + SoftirqNames.action(event), "irq"), t,
            event.fields());
        case "irq_handler_exit" -> endOrMark(stack, event, "hardirq", event.longField("irq", -1));
        case "softirq_exit" -> endOrMark(stack, event, "softirq", event.longField("vec", -1));
        case "sched_switch" -> {
          stack.closeAll(json, t);
          long next = event.longField("next_pid", 0);
          if (next != 0) {
            stack.push(new CpuSliceStack.Slice("task", next,
                event.stringField("next_comm", "?") + "-" + next, "sched"), t, event.fields());
          }
        }
        case "mm_page_alloc" -> json.instant(allocationName(event), allocationCategory(event), t,
            stack.tid(), "t", event.fields());
        case "zone_lock_spin" -> {
          // A slice of its own inside the context that spins, ended at once: nothing else runs
          // on that CPU while it spins (IRQs are off), and the stack holds it back when it
          // begins with its parent.
          stack.push(new CpuSliceStack.Slice("spin", 0,
              "zone_lock spin " + event.stringField("zone", "?"), "mm,lock"), t, event.fields());
          stack.pop(json, "spin", 0, t + event.longField("wait_ns", 0));
        }
        default -> json.instant(event.name(), ChromeCategories.of(event.name()), t, stack.tid(),
            "t", event.fields());
      }
    }

    private void endOrMark(CpuSliceStack stack, TraceEvent event, String kind, long key)
        throws IOException {
      if (!stack.pop(json, kind, key, event.timeNs())) {
        json.instant(event.name() + " (no matching entry)", ChromeCategories.of(event.name()),
            event.timeNs(), stack.tid(), "t", event.fields());
      }
    }

    private CpuSliceStack cpu(int cpu) throws IOException {
      CpuSliceStack stack = cpus.get(cpu);
      if (stack == null) {
        stack = new CpuSliceStack(ChromeTracks.cpuTid(cpu));
        cpus.put(cpu, stack);
        nameTrack(json, stack.tid(), "cpu" + cpu);
      }
      return stack;
    }
  }

  /** Reserve hits and failures get names that stand out in the viewer's instant list. */
  static String allocationName(TraceEvent event) {
    String reserve = event.stringField("reserve", "none");
    return switch (reserve) {
      case "none", "below_low" -> "mm_page_alloc";
      case "failed" -> "allocation failure";
      default -> "reserve hit: " + reserve;
    };
  }

  private static String allocationCategory(TraceEvent event) {
    String reserve = event.stringField("reserve", "none");
    return switch (reserve) {
      case "none", "below_low" -> "mm";
      case "failed" -> "mm,failure";
      default -> "mm,reserve";
    };
  }
}

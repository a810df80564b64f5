package dev.labyrinth.reports.divergence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one trace record touched: page frames (a pfn range, 2^order pages from the pfn), a zone,
 * an IRQ line, tasks (by pid, with their comm) and CPUs. Read generically from the record's keys
 * (see {@code docs/trace-format.md}), so new events are covered as long as they use the usual
 * key names. The idle task (pid 0) is not a task here: every idle CPU shares it.
 *
 * @param pfnFirst first pfn touched, -1 when none
 * @param pfnEnd one past the last pfn touched
 * @param zone the zone, or empty
 * @param irq the IRQ line, or -1
 * @param pids tasks touched, pid > 0
 * @param comms their names, parallel to {@code pids} where known ("" otherwise)
 * @param cpus CPUs touched
 */
record Subjects(long pfnFirst, long pfnEnd, String zone, long irq, ImmutableList<Long> pids,
    ImmutableList<String> comms, ImmutableList<Long> cpus) {

  private static final JsonFactory JSON = new JsonFactory();

  /** Keys naming a task's pid, each with the key naming its comm ("" when none). */
  private static final String[][] TASK_KEYS = {
      {"pid", "comm"}, {"prev_pid", "prev_comm"}, {"next_pid", "next_comm"},
      {"victim_pid", "victim_comm"}, {"proc", ""}, {"parent", ""}, {"child", ""},
      {"reader", ""}, {"writer", ""}};

  /** Parses one line; a line that is not a JSON object touches nothing. */
  static Subjects of(String line) {
    Fields fields = Fields.parse(line);
    long pfn = fields.number("pfn", -1);
    long order = fields.number("order", fields.number("alloc_order", 0));
    long pfnEnd = pfn < 0 ? -1 : pfn + (1L << Math.min(Math.max(order, 0), 20));
    List<Long> pids = new ArrayList<>();
    List<String> comms = new ArrayList<>();
    for (String[] keys : TASK_KEYS) {
      long pid = fields.number(keys[0], 0);
      if (pid > 0 && !pids.contains(pid)) {
        pids.add(pid);
        comms.add(keys[1].isEmpty() ? "" : fields.text(keys[1], ""));
      }
    }
    List<Long> cpus = new ArrayList<>();
    for (String key : new String[] {"cpu", "target_cpu"}) {
      long cpu = fields.number(key, -1);
      if (cpu >= 0 && !cpus.contains(cpu)) {
        cpus.add(cpu);
      }
    }
    String zone = fields.text("zone", "");
    return new Subjects(pfn < 0 ? -1 : pfn, pfnEnd, zone.equals("none") ? "" : zone,
        fields.number("irq", -1), ImmutableList.copyOf(pids), ImmutableList.copyOf(comms),
        ImmutableList.copyOf(cpus));
  }

  /**
   * What this earlier record shares with {@code target}, strongest first (pfn, irq, task, zone,
   * cpu), as short labels such as {@code pfn 0x1200+4}; empty when nothing.
   */
  ImmutableList<Link.Shared> sharedWith(Subjects target) {
    ImmutableList.Builder<Link.Shared> shared = ImmutableList.builder();
    if (pfnFirst >= 0 && target.pfnFirst >= 0 && pfnFirst < target.pfnEnd
        && target.pfnFirst < pfnEnd) {
      shared.add(new Link.Shared(Link.Kind.PFN, String.format(Locale.ROOT, "pfn 0x%x+%d",
          pfnFirst, pfnEnd - pfnFirst)));
    }
    if (irq >= 0 && irq == target.irq) {
      shared.add(new Link.Shared(Link.Kind.IRQ, "irq " + irq));
    }
    for (int i = 0; i < pids.size(); i++) {
      if (target.pids.contains(pids.get(i))) {
        String comm = comms.get(i);
        shared.add(new Link.Shared(Link.Kind.TASK, "task " + pids.get(i)
            + (comm.isEmpty() ? "" : " " + comm)));
      }
    }
    if (!zone.isEmpty() && zone.equals(target.zone)) {
      shared.add(new Link.Shared(Link.Kind.ZONE, "zone " + zone));
    }
    for (long cpu : cpus) {
      if (target.cpus.contains(cpu)) {
        shared.add(new Link.Shared(Link.Kind.CPU, "cpu " + cpu));
      }
    }
    return shared.build();
  }

  /** The union of two records' subjects (the expected and the actual diverging line). */
  Subjects union(Subjects other) {
    long first = pfnFirst < 0 ? other.pfnFirst
        : other.pfnFirst < 0 ? pfnFirst : Math.min(pfnFirst, other.pfnFirst);
    long end = Math.max(pfnEnd, other.pfnEnd);
    List<Long> allPids = new ArrayList<>(pids);
    List<String> allComms = new ArrayList<>(comms);
    for (int i = 0; i < other.pids.size(); i++) {
      if (!allPids.contains(other.pids.get(i))) {
        allPids.add(other.pids.get(i));
        allComms.add(other.comms.get(i));
      }
    }
    List<Long> allCpus = new ArrayList<>(cpus);
    other.cpus.stream().filter(c -> !allCpus.contains(c)).forEach(allCpus::add);
    return new Subjects(first, end, zone.isEmpty() ? other.zone : zone,
        irq >= 0 ? irq : other.irq, ImmutableList.copyOf(allPids),
        ImmutableList.copyOf(allComms), ImmutableList.copyOf(allCpus));
  }

  /**
   * The top-level integer and string values of one JSON line, in order; tolerant: whatever
   * fails to parse is simply absent, since a cause is a hint, not a verdict.
   */
  private record Fields(ImmutableList<String> keys, ImmutableList<Object> values) {

    static Fields parse(String line) {
      ImmutableList.Builder<String> keys = ImmutableList.builder();
      ImmutableList.Builder<Object> values = ImmutableList.builder();
      try (JsonParser parser = JSON.createParser(line)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
              keys.add(key);
              values.add(parser.getLongValue());
            } else if (token == JsonToken.VALUE_STRING) {
              keys.add(key);
              values.add(parser.getText());
            } else {
              parser.skipChildren();
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // Keep what was read: a malformed tail only loses subjects.
      }
      return new Fields(keys.build(), values.build());
    }

    long number(String key, long fallback) {
      int i = keys.indexOf(key);
      return i >= 0 && values.get(i) instanceof Long value ? value : fallback;
    }

    String text(String key, String fallback) {
      int i = keys.indexOf(key);
      return i >= 0 && values.get(i) instanceof String value ? value : fallback;
    }
  }
}

package dev.labyrinth.reports.export;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.labyrinth.reports.EventContext;
import dev.labyrinth.reports.SoftirqNames;
import dev.labyrinth.reports.TraceEvent;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The text after {@code "<event>: "} on an ftrace line. Events Linux has print Linux's fields in
 * its {@code TP_printk} order and spelling (include/trace/events/kmem.h, vmscan.h, irq.h,
 * sched.h, v6.18); every other field of the record, Labyrinth's own, follows as {@code key=value}
 * in the record's order. Unknown events print all their fields that way.
 */
final class FtraceFields {

  /** Linux's printed fields per event; a leading {@code @} marks a special rendering. */
  private static final ImmutableMap<String, ImmutableList<String>> LINUX = ImmutableMap
      .<String, ImmutableList<String>>builder()
      .put("mm_page_alloc", ImmutableList.of("@page", "@pfn", "order", "migratetype", "gfp_flags"))
      .put("mm_page_free", ImmutableList.of("@page", "@pfn", "order"))
      .put("mm_page_free_batched", ImmutableList.of("@page", "@pfn", "order"))
      .put("mm_page_alloc_zone_locked", ImmutableList.of("@page", "@pfn", "order", "migratetype",
          "percpu_refill"))
      .put("mm_page_pcpu_drain", ImmutableList.of("@page", "@pfn", "order", "migratetype"))
      .put("mm_page_alloc_extfrag", ImmutableList.of("@page", "@pfn", "alloc_order",
          "fallback_order", "pageblock_order", "alloc_migratetype", "fallback_migratetype",
          "fragmenting", "change_ownership"))
      .put("mm_vmscan_kswapd_sleep", ImmutableList.of("nid"))
      .put("mm_vmscan_kswapd_wake", ImmutableList.of("nid", "order"))
      .put("mm_vmscan_wakeup_kswapd", ImmutableList.of("nid", "order", "gfp_flags"))
      .put("mm_vmscan_direct_reclaim_begin", ImmutableList.of("order", "gfp_flags"))
      .put("mm_vmscan_direct_reclaim_end", ImmutableList.of("nr_reclaimed"))
      .put("irq_handler_entry", ImmutableList.of("irq", "name"))
      .put("irq_handler_exit", ImmutableList.of("irq", "ret"))
      .put("softirq_raise", ImmutableList.of("@vec"))
      .put("softirq_entry", ImmutableList.of("@vec"))
      .put("softirq_exit", ImmutableList.of("@vec"))
      .put("sched_switch", ImmutableList.of("prev_comm", "prev_pid", "prev_prio", "prev_state",
          "@arrow", "next_comm", "next_pid", "next_prio"))
      .put("sched_wakeup", ImmutableList.of("comm", "pid", "prio", "@target_cpu"))
      .put("sched_waking", ImmutableList.of("comm", "pid", "prio", "@target_cpu"))
      .buildOrThrow();

  private FtraceFields() {}

  static String of(TraceEvent event) {
    StringBuilder out = new StringBuilder();
    Set<String> printed = new HashSet<>(EventContext.KEYS);
    ImmutableList<String> linux = LINUX.getOrDefault(event.name(), ImmutableList.of());
    for (String spec : linux) {
      switch (spec) {
        case "@page" -> {
          separate(out).append("page=").append(FtracePointers.page(event.longField("pfn", -1)));
        }
        case "@pfn" -> {
          long pfn = event.longField("pfn", -1);
          separate(out).append("pfn=0x").append(Long.toHexString(Math.max(pfn, 0)));
          printed.add("pfn");
        }
        case "@vec" -> {
          separate(out).append("vec=").append(event.longField("vec", -1)).append(" [action=")
              .append(SoftirqNames.action(event)).append(']');
          printed.add("vec");
          printed.add("action");
        }
        case "@arrow" -> separate(out).append("==>");
        case "@target_cpu" -> {
          separate(out).append("target_cpu=").append(String.format(Locale.ROOT, "%03d",
              event.longField("target_cpu", 0)));
          printed.add("target_cpu");
        }
        default -> {
          if (event.fields().containsKey(spec)) {
            separate(out).append(spec).append('=').append(value(event.fields().get(spec)));
            printed.add(spec);
          }
        }
      }
    }
    for (Map.Entry<String, Object> field : event.fields().entrySet()) {
      if (!printed.contains(field.getKey())) {
        separate(out).append(field.getKey()).append('=').append(value(field.getValue()));
      }
    }
    return out.toString();
  }

  private static StringBuilder separate(StringBuilder out) {
    return out.isEmpty() ? out : out.append(' ');
  }

  /**
   * A value as the line shows it. Strings print raw like the kernel's {@code %s}, except that
   * control characters are escaped ({@code \n}, {@code \xHH}) so one record stays one line.
   */
  static String value(Object value) {
    if (value instanceof ImmutableList<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (Object item : list) {
        out.append(out.length() > 1 ? "," : "").append(value(item));
      }
      return out.append(']').toString();
    }
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}

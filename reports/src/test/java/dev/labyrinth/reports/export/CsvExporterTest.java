package dev.labyrinth.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labyrinth.reports.SyntheticTrace;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExporterTest {

  @TempDir
  Path dir;

  private Map<String, String> export(SyntheticTrace synthetic) throws Exception {
    Path trace = synthetic.write(dir.resolve("trace.jsonl"));
    Map<String, ByteArrayOutputStream> files = new TreeMap<>();
    TreeSet<String> names = CsvExporter.export(trace, name -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      files.put(name, out);
      return out;
    });
    assertThat(names).isEqualTo(files.keySet());
    Map<String, String> text = new TreeMap<>();
    files.forEach((name, bytes) -> text.put(name, bytes.toString(StandardCharsets.UTF_8)));
    return text;
  }

  @Test
  void oneTablePerEventType() throws Exception {
    Map<String, String> files = export(SyntheticTrace.sample("sample"));
    assertThat(files.keySet()).contains("header.csv", "mm_page_alloc.csv", "softirq_entry.csv",
        "warn_alloc.csv", "zone_init.csv");
    List<String> alloc = files.get("mm_page_alloc.csv").lines().toList();
    assertThat(alloc.get(0)).isEqualTo("t_ns,cpu,ctx,comm,pid,pfn,order,migratetype,gfp_flags,"
        + "zone,free_before,wmark_min,wmark_low,wmark_high,mark,alloc_flags,reserve,extra");
    assertThat(alloc.get(1)).isEqualTo("2000,0,task,stress,42,500,0,0,GFP_KERNEL,Normal,160,100,"
        + "125,150,100,ALLOC_WMARK_MIN,none,");
    assertThat(files.get("warn_alloc.csv")).contains(
        ",\"page allocation failure: order:3, mode:0x820(GFP_ATOMIC), \"\"x\"\"\",\n");
  }

  @Test
  void laterKeysGoToExtraAndMissingOnesAreEmpty() throws Exception {
    SyntheticTrace trace = new SyntheticTrace("x")
        .event(1, "custom", "a", 1, "b", "two")
        .event(2, "custom", "b", "three", "c", 4, "d", "five, six");
    assertThat(export(trace).get("custom.csv")).isEqualTo("t_ns,a,b,extra\n1,1,two,\n"
        + "2,,three,\"{\"\"c\"\":4,\"\"d\"\":\"\"five, six\"\"}\"\n");
  }

  @Test
  void hostileNamesAreQuotedAndCannotLeaveTheDirectory() throws Exception {
    String scenario = "a,\"b\"\nü";
    SyntheticTrace trace = new SyntheticTrace(scenario).event(1, "../../etc/passwd", "x", 1)
        .event(2, "header", "y", 2).event(3, "Header", "z", 3);
    Map<String, String> files = export(trace);
    assertThat(files.keySet()).containsExactly("Header-3.csv", "______etc_passwd.csv",
        "header-2.csv", "header.csv");
    assertThat(files.get("header.csv")).contains("scenario,\"a,\"\"b\"\"\nü\"\n");
  }

  /** NUL, ESC and DEL are outside RFC 4180 and drive terminals: written as \\xHH instead. */
  @Test
  void controlCharactersAreEscaped() throws Exception {
    SyntheticTrace trace = new SyntheticTrace("s")
        .event(1, "custom", "comm", "a\u0000b\u001b[31m\u007fc\td");
    assertThat(export(trace).get("custom.csv"))
        .isEqualTo("t_ns,comm,extra\n1,a\\x00b\\x1b[31m\\x7fc\td,\n");
  }

  @Test
  void sameTraceSameBytes() throws Exception {
    assertThat(export(SyntheticTrace.sample("s"))).isEqualTo(export(SyntheticTrace.sample("s")));
  }
}

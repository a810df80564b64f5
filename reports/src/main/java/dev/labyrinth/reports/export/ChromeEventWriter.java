package dev.labyrinth.reports.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.reports.TimeText;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes the JSON of Chrome Trace Event records, one per line, straight to the output so nothing
 * is held in memory. Timestamps arrive as integer nanoseconds and leave as exact microsecond
 * decimals ({@link TimeText#micros}), written as raw number text, never through a double.
 */
final class ChromeEventWriter implements Closeable {

  /** The single process that stands for the emulated machine. */
  static final int PID = 1;

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final JsonGenerator json;

  ChromeEventWriter(OutputStream out) throws IOException {
    json = JSON.createGenerator(out, JsonEncoding.UTF8);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.setPrettyPrinter(new OneEventPerLine());
  }

  /** Opens the top-level object and its {@code traceEvents} array. */
  void begin() throws IOException {
    json.writeStartObject();
    json.writeFieldName("traceEvents");
    json.writeStartArray();
  }

  /** Closes the array and writes {@code displayTimeUnit} and {@code otherData}. */
  void end(Map<String, Object> otherData) throws IOException {
    json.writeEndArray();
    json.writeStringField("displayTimeUnit", "ns");
    json.writeFieldName("otherData");
    writeObject(otherData);
    json.writeEndObject();
    json.writeRaw('\n');
    json.flush();
  }

  /** A metadata ({@code M}) record naming or ordering a process or thread. */
  void metadata(String name, int tid, String argKey, Object argValue) throws IOException {
    start(name, "__metadata", "M", 0, tid);
    json.writeFieldName("args");
    json.writeStartObject();
    writeField(argKey, argValue);
    json.writeEndObject();
    json.writeEndObject();
  }

  /**
   * A complete slice ({@code X}): begin time and duration, both exact microsecond decimals from
   * integer nanoseconds, with the begin record's fields as args.
   */
  void complete(String name, String category, long beginNs, long durationNs, int tid,
      Map<String, Object> args) throws IOException {
    start(name, category, "X", beginNs, tid);
    json.writeFieldName("dur");
    json.writeNumber(TimeText.micros(durationNs));
    json.writeFieldName("args");
    writeObject(args);
    json.writeEndObject();
  }

  /** An instant ({@code i}) with scope {@code t} (thread) or {@code g} (global). */
  void instant(String name, String category, long timeNs, int tid, String scope,
      Map<String, Object> args) throws IOException {
    start(name, category, "i", timeNs, tid);
    json.writeStringField("s", scope);
    json.writeFieldName("args");
    writeObject(args);
    json.writeEndObject();
  }

  /** A counter ({@code C}) sample: one series, {@code pages}, on the process's track {@code name}. */
  void counter(String name, long timeNs, long pages) throws IOException {
    start(name, "mm.counter", "C", timeNs, ChromeTracks.MACHINE_TID);
    json.writeFieldName("args");
    json.writeStartObject();
    json.writeNumberField("pages", pages);
    json.writeEndObject();
    json.writeEndObject();
  }

  @Override
  public void close() throws IOException {
    json.close();
  }

  private void start(String name, String category, String phase, long timeNs, int tid)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("name", name);
    json.writeStringField("cat", category);
    json.writeStringField("ph", phase);
    json.writeFieldName("ts");
    json.writeNumber(TimeText.micros(timeNs));
    json.writeNumberField("pid", PID);
    json.writeNumberField("tid", tid);
  }

  private void writeObject(Map<String, Object> fields) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      writeField(field.getKey(), field.getValue());
    }
    json.writeEndObject();
  }

  private void writeField(String key, Object value) throws IOException {
    json.writeFieldName(key);
    if (value instanceof Long number) {
      json.writeNumber(number);
    } else if (value instanceof Integer number) {
      json.writeNumber(number);
    } else if (value instanceof ImmutableList<?> list) {
      json.writeStartArray();
      for (Object item : list) {
        if (item instanceof Long number) {
          json.writeNumber(number);
        } else {
          json.writeString(String.valueOf(item));
        }
      }
      json.writeEndArray();
    } else {
      json.writeString(String.valueOf(value));
    }
  }

  /** Compact JSON, but each element of an array on its own line, so diffs and grep work. */
  private static final class OneEventPerLine extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(",\n");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      g.writeRaw(nrOfValues > 0 ? "\n]" : "]");
    }
  }
}

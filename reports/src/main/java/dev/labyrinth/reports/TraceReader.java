package dev.labyrinth.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a canonical trace (see {@code docs/trace-format.md}) one record at a time, so any trace
 * can be consumed in bounded memory. This is the only place in {@code reports} that knows the
 * line syntax; everything else works on {@link TraceEvent}s.
 */
public final class TraceReader implements Closeable {

  /** The format name a header must carry. */
  public static final String FORMAT = "labyrinth-trace";

  /** The newest format version this reader understands. */
  public static final int VERSION = 1;

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).build())
      .build();

  private final String source;
  private final BufferedReader lines;
  private final TraceHeaderInfo header;
  private long lineNumber;

  private TraceReader(String source, BufferedReader lines) throws IOException,
      TraceFormatException {
    this.source = source;
    this.lines = lines;
    String first = lines.readLine();
    lineNumber = 1;
    if (first == null) {
      throw new TraceFormatException(source, 1, "empty file, expected a trace header");
    }
    this.header = parseHeader(first);
  }

  /** Opens {@code trace} and reads its header. */
  public static TraceReader open(Path trace) throws IOException, TraceFormatException {
    BufferedReader reader = openLines(trace);
    try {
      return new TraceReader(trace.toString(), reader);
    } catch (IOException | TraceFormatException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** A UTF-8 line reader over a plain trace, or a gzip-compressed one ({@code .gz}). */
  private static BufferedReader openLines(Path trace) throws IOException {
    if (!trace.getFileName().toString().endsWith(".gz")) {
      return Files.newBufferedReader(trace, StandardCharsets.UTF_8);
    }
    java.io.InputStream in = Files.newInputStream(trace);
    try {
      return new BufferedReader(new java.io.InputStreamReader(
          new java.util.zip.GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** The trace's header. */
  public TraceHeaderInfo header() {
    return header;
  }

  /** The next record, or {@code null} at the end of the trace. */
  public TraceEvent next() throws IOException, TraceFormatException {
    String line = lines.readLine();
    if (line == null) {
      return null;
    }
    lineNumber++;
    return parseEvent(line);
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  private TraceHeaderInfo parseHeader(String line) throws IOException, TraceFormatException {
    ImmutableMap<String, Object> fields = parseObject(line);
    if (!FORMAT.equals(fields.get("format"))) {
      throw fail("not a Labyrinth trace: the header must have \"format\":\"" + FORMAT + "\"");
    }
    if (!(fields.get("version") instanceof Long version) || version < 1 || version > VERSION) {
      throw fail("unsupported trace version " + fields.get("version") + ", this reader knows "
          + VERSION);
    }
    if (!(fields.get("scenario") instanceof String scenario)
        || !(fields.get("scenario_sha256") instanceof String sha)
        || !(fields.get("seed") instanceof Long seed)
        || !(fields.get("overrides") instanceof ImmutableList<?> overrides)) {
      throw fail("header needs scenario, scenario_sha256, seed and overrides");
    }
    ImmutableList.Builder<String> names = ImmutableList.builder();
    for (Object override : overrides) {
      names.add(String.valueOf(override));
    }
    return new TraceHeaderInfo(version.intValue(), scenario, sha, seed, names.build());
  }

  private TraceEvent parseEvent(String line) throws IOException, TraceFormatException {
    ImmutableMap<String, Object> fields = parseObject(line);
    if (!(fields.get("t") instanceof Long timeNs) || !(fields.get("ev") instanceof String name)) {
      throw fail("a record must start with integer \"t\" and string \"ev\"");
    }
    ImmutableMap.Builder<String, Object> rest = ImmutableMap.builderWithExpectedSize(
        fields.size() - 2);
    fields.forEach((key, value) -> {
      if (!key.equals("t") && !key.equals("ev")) {
        rest.put(key, value);
      }
    });
    return new TraceEvent(timeNs, name, rest.buildOrThrow());
  }

  private ImmutableMap<String, Object> parseObject(String line) throws IOException,
      TraceFormatException {
    try (JsonParser parser = JSON.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw fail("expected a JSON object");
      }
      ImmutableMap.Builder<String, Object> fields = ImmutableMap.builder();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        fields.put(key, readValue(parser));
      }
      if (parser.nextToken() != null) {
        throw fail("trailing content after the JSON object");
      }
      return fields.buildOrThrow();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw fail("malformed JSON: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      throw fail("duplicate key: " + e.getMessage());
    }
  }

  private Object readValue(JsonParser parser) throws IOException, TraceFormatException {
    JsonToken token = parser.nextToken();
    switch (token) {
      case VALUE_NUMBER_INT:
        return parser.getLongValue();
      case VALUE_STRING:
        return parser.getText();
      case START_ARRAY: {
        ImmutableList.Builder<Object> items = ImmutableList.builder();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            items.add(parser.getLongValue());
          } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
            items.add(parser.getText());
          } else {
            throw fail("arrays hold integers or strings only");
          }
        }
        return items.build();
      }
      default:
        throw fail("values are integers, strings or arrays of them; found " + token);
    }
  }

  private TraceFormatException fail(String message) {
    return new TraceFormatException(source, lineNumber, message);
  }
}

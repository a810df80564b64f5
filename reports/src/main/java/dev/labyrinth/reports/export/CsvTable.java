package dev.labyrinth.reports.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.reports.TraceEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event type's table. The columns are fixed by the first record of that type ({@code t_ns},
 * then its fields in trace order, then {@code extra}) because the header is written before later
 * records are seen; a later record's field that is not a column goes into {@code extra} as a
 * compact JSON object in trace order, and a missing one leaves its cell empty.
 */
final class CsvTable {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Writer out;
  private final ImmutableList<String> columns;
  private final StringBuilder row = new StringBuilder(256);

  CsvTable(Writer out, TraceEvent first) throws IOException {
    this.out = out;
    this.columns = first.fields().keySet().asList();
    row.append("t_ns");
    for (String column : columns) {
      row.append(',');
      CsvCells.append(row, column);
    }
    row.append(",extra\n");
    out.write(row.toString());
  }

  void write(TraceEvent event) throws IOException {
    row.setLength(0);
    row.append(event.timeNs());
    for (String column : columns) {
      row.append(',');
      CsvCells.append(row, event.fields().get(column));
    }
    row.append(',');
    Map<String, Object> extra = new LinkedHashMap<>();
    event.fields().forEach((key, value) -> {
      if (!columns.contains(key)) {
        extra.put(key, value);
      }
    });
    if (!extra.isEmpty()) {
      CsvCells.append(row, json(extra));
    }
    row.append('\n');
    out.write(row.toString());
  }

  void close() throws IOException {
    out.close();
  }

  private static String json(Map<String, Object> fields) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      for (Map.Entry<String, Object> field : fields.entrySet()) {
        if (field.getValue() instanceof Long number) {
          json.writeNumberField(field.getKey(), number);
        } else {
          json.writeStringField(field.getKey(), String.valueOf(field.getValue()));
        }
      }
      json.writeEndObject();
    }
    return text.toString();
  }
}

package dev.labyrinth.reports.reserves;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Renders a {@link ReserveAnalysis} as JSON for scripts: the records' components as keys,
 * sorted alphabetically so the bytes never depend on reflection order; times in integer
 * nanoseconds, page counts as integers.
 */
public final class ReserveReportJson {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private ReserveReportJson() {}

  public static String render(ReserveAnalysis analysis) {
    try {
      return JSON.writer().withDefaultPrettyPrinter()
          .writeValueAsString(analysis).replace("\r\n", "\n") + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the analysis is plain records and maps", e);
    }
  }
}

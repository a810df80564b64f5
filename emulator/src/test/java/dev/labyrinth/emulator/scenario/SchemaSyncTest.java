package dev.labyrinth.emulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code scenarios/scenario.schema.json} equal to {@link ScenarioFields} at every level:
 * property names and order, required lists, exactly-one-of groups, types, ranges, enums, unit
 * patterns and stated defaults. Adding a key to one without the other fails here.
 */
class SchemaSyncTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void schemaMatchesTheFieldTable() throws Exception {
    JsonNode schema = JSON.readTree(Files.readString(schemaFile()));
    assertThat(schema.path("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema#");
    List<String> mismatches = new ArrayList<>();
    compare(schema, ScenarioFields.ROOT, "(root)", mismatches);
    assertThat(mismatches).as("schema vs ScenarioFields").isEmpty();
  }

  @Test
  void comparisonNoticesADifference() throws Exception {
    // The check itself must be able to fail: drop one property and expect a mismatch.
    JsonNode schema = JSON.readTree(Files.readString(schemaFile()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) schema.path("properties").path("machine").path("properties"))
        .remove("cpus");
    List<String> mismatches = new ArrayList<>();
    compare(schema, ScenarioFields.ROOT, "(root)", mismatches);
    assertThat(mismatches).anyMatch(m -> m.startsWith("machine: properties"));
  }

  private static void compare(JsonNode node, FieldType type, String path, List<String> out) {
    check(out, path, "type", node.path("type").asText(), type.jsonType());
    if (type instanceof FieldType.Obj obj) {
      check(out, path, "additionalProperties", node.path("additionalProperties").isBoolean()
          && !node.path("additionalProperties").asBoolean(), true);
      List<String> names = new ArrayList<>();
      node.path("properties").fieldNames().forEachRemaining(names::add);
      check(out, path, "properties", names, obj.names());
      check(
          out,
          path,
          "required",
          texts(node.path("required")),
          obj.fields().stream().filter(Field::required).map(Field::name).toList());
      List<List<String>> oneOf = new ArrayList<>();
      for (JsonNode alternative : node.path("oneOf")) {
        oneOf.add(texts(alternative.path("required")));
      }
      List<List<String>> expectedOneOf = new ArrayList<>();
      for (ImmutableList<String> group : obj.exactlyOneOf()) {
        for (String name : group) {
          expectedOneOf.add(List.of(name));
        }
      }
      check(out, path, "oneOf", oneOf, expectedOneOf);
      for (Field field : obj.fields()) {
        JsonNode property = node.path("properties").path(field.name());
        String childPath = path.equals("(root)") ? field.name() : path + "." + field.name();
        if (property.isMissingNode()) {
          continue; // reported by the names check
        }
        if (property.path("description").asText().isBlank()) {
          out.add(childPath + ": no description");
        }
        compare(property, field.type(), childPath, out);
        if (property.has("default") && field.defaultValue() != null) {
          check(out, childPath, "default", defaultOf(property.get("default"), field.type()), field.defaultValue());
        }
      }
    } else if (type instanceof FieldType.ListOf list) {
      check(out, path, "minItems", node.path("minItems").asInt(-1), list.minItems());
      check(out, path, "maxItems", node.path("maxItems").asInt(-1), list.maxItems());
      compare(node.path("items"), list.element(), path + "[]", out);
    } else if (type instanceof FieldType.Int i) {
      check(out, path, "minimum", node.path("minimum").asLong(), i.min());
      check(out, path, "maximum", node.path("maximum").asLong(), i.max());
    } else if (type instanceof FieldType.Text t) {
      check(out, path, "minLength", node.path("minLength").asInt(-1), t.minLength());
      check(out, path, "maxLength", node.path("maxLength").asInt(-1), t.maxLength());
    } else if (type instanceof FieldType.Size) {
      check(out, path, "pattern", node.path("pattern").asText(), Units.SIZE_PATTERN);
    } else if (type instanceof FieldType.Time) {
      check(out, path, "pattern", node.path("pattern").asText(), Units.TIME_PATTERN);
    } else if (type instanceof FieldType.Choice c) {
      check(out, path, "enum", texts(node.path("enum")), c.values());
    }
  }

  private static Object defaultOf(JsonNode value, FieldType type) {
    if (type instanceof FieldType.Bool) {
      return value.asBoolean();
    } else if (type instanceof FieldType.Int) {
      return value.asLong();
    } else if (type instanceof FieldType.Time) {
      return Units.parseTimeNs(value.asText());
    } else if (type instanceof FieldType.Size) {
      return Units.parseSizeBytes(value.asText());
    } else if (type instanceof FieldType.ListOf list) {
      List<Object> items = new ArrayList<>();
      for (JsonNode item : value) {
        items.add(defaultOf(item, list.element()));
      }
      return ImmutableList.copyOf(items);
    }
    return value.asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    for (JsonNode item : array) {
      values.add(item.asText());
    }
    return values;
  }

  private static void check(List<String> out, String path, String what, Object schema, Object table) {
    if (!schema.equals(table)) {
      out.add(path + ": " + what + " is " + schema + " in the schema but " + table + " in ScenarioFields");
    }
  }

  /** The schema file, found from the module directory (Maven) or the repository root (IDE). */
  private static Path schemaFile() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path candidate = d.resolve("scenarios").resolve("scenario.schema.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("scenarios/scenario.schema.json not found above " + dir);
  }
}

package dev.labyrinth.emulator.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.scenario.ScenarioLoader;
import dev.labyrinth.emulator.trace.CanonicalTraceWriter;
import dev.labyrinth.emulator.trace.TraceHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Runs a scenario in memory and gives its canonical trace as bytes and parsed records. */
final class TraceLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  final byte[] bytes;
  final List<JsonNode> records;

  private TraceLines(byte[] bytes) {
    this.bytes = bytes;
    List<JsonNode> out = new ArrayList<>();
    try {
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        out.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.records = out;
  }

  /** The shipped scenario {@code scenarios/NAME}. */
  static Path shipped(String name) {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("scenarios").resolve(name);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no scenarios/" + name + " above " + here);
  }

  static TraceLines run(Path scenarioFile) {
    return run(scenarioFile, null);
  }

  /** Runs {@code scenarioFile}, with the tie-shuffle audit seeded by {@code tieShuffle} if set. */
  static TraceLines run(Path scenarioFile, Long tieShuffle) {
    try {
      return run(ScenarioLoader.load(scenarioFile, List.of()), tieShuffle);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static TraceLines run(Scenario scenario, Long tieShuffle) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceHeader header = new TraceHeader(scenario.name(), scenario.sourceSha256(), scenario.seed(),
        ImmutableList.copyOf(scenario.overrides()));
    CanonicalTraceWriter writer = new CanonicalTraceWriter(out, header);
    ScenarioRun run = new ScenarioRun(scenario, RunBudget.ofSteps(ScenarioRun.DEFAULT_STEPS_MAX),
        false, tieShuffle == null ? java.util.OptionalLong.empty()
            : java.util.OptionalLong.of(tieShuffle));
    run.execute(writer);
    writer.finish();
    return new TraceLines(out.toByteArray());
  }

  List<JsonNode> events(String ev) {
    return where(r -> r.path("ev").asText().equals(ev));
  }

  List<JsonNode> where(Predicate<JsonNode> p) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : records) {
      if (p.test(r)) {
        out.add(r);
      }
    }
    return out;
  }
}

package dev.labyrinth.emulator.regress;

import dev.labyrinth.emulator.trace.TraceFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a scenario's golden files live: beside it, {@code name.yaml} -> {@code
 * name.golden.jsonl} (or {@code .jsonl.gz} when large) and its checkpoints {@code
 * name.golden.checkpoints}, so a scenario, its golden and its checkpoints move together.
 */
public final class GoldenPaths {

  private GoldenPaths() {}

  /** {@code name} of {@code name.yaml}. */
  public static String baseName(Path scenarioFile) {
    String name = scenarioFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The plain golden path beside the scenario. */
  public static Path plain(Path scenarioFile) {
    return scenarioFile.resolveSibling(baseName(scenarioFile) + ".golden.jsonl");
  }

  /** The compressed golden path beside the scenario. */
  public static Path compressed(Path scenarioFile) {
    return scenarioFile.resolveSibling(baseName(scenarioFile) + ".golden.jsonl"
        + TraceFiles.GZIP_SUFFIX);
  }

  /** The golden that exists beside the scenario (the compressed one wins), or the plain path. */
  public static Path beside(Path scenarioFile) {
    Path compressed = compressed(scenarioFile);
    return Files.isRegularFile(compressed) ? compressed : plain(scenarioFile);
  }

  /** The checkpoint sidecar beside the scenario. */
  public static Path checkpoints(Path scenarioFile) {
    return scenarioFile.resolveSibling(baseName(scenarioFile) + ".golden.checkpoints");
  }
}

package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.regress.GoldenPaths;
import dev.labyrinth.emulator.trace.Checkpoints;
import dev.labyrinth.emulator.trace.TraceFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a scenario's golden trace lives: beside it, {@code name.yaml} -> {@code
 * name.golden.jsonl}, or {@code name.golden.jsonl.gz} when the trace is large, so the repository
 * stays small and reviewable.
 */
final class Goldens {

  /** Traces larger than this are stored gzip-compressed. */
  static final long COMPRESS_ABOVE_BYTES = 512L << 10;

  private Goldens() {}

  /** The plain golden path beside the scenario. */
  static Path plain(Path scenarioFile) {
    return GoldenPaths.plain(scenarioFile);
  }

  /** The compressed golden path beside the scenario. */
  static Path compressed(Path scenarioFile) {
    return GoldenPaths.compressed(scenarioFile);
  }

  /** The golden that exists beside the scenario (the compressed one wins), or the plain path. */
  static Path beside(Path scenarioFile) {
    return GoldenPaths.beside(scenarioFile);
  }

  /**
   * Publishes {@code trace} as the scenario's golden, compressed when large, and removes the other
   * form so exactly one golden remains; then writes its checkpoints beside it
   * ({@code NAME.golden.checkpoints}). Returns the golden's path.
   */
  static Path publish(Path scenarioFile, Path trace) throws IOException {
    boolean compress = Files.size(trace) > COMPRESS_ABOVE_BYTES;
    Path target = compress ? compressed(scenarioFile) : plain(scenarioFile);
    AtomicFiles.write(target, out -> {
      if (compress) {
        TraceFiles.compress(trace, out);
      } else {
        Files.copy(trace, out);
      }
      return null;
    });
    Files.deleteIfExists(compress ? plain(scenarioFile) : compressed(scenarioFile));
    Checkpoints checkpoints = Checkpoints.of(trace, Checkpoints.DEFAULT_WINDOW_LINES)
        .describing(target);
    AtomicFiles.write(GoldenPaths.checkpoints(scenarioFile), out -> {
      out.write(checkpoints.format().getBytes(StandardCharsets.UTF_8));
      return null;
    });
    return target;
  }
}

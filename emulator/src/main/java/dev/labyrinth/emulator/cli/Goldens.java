package dev.labyrinth.emulator.cli;

import dev.labyrinth.emulator.trace.TraceFiles;
import java.io.IOException;
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
    String name = scenarioFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return scenarioFile.resolveSibling(base + ".golden.jsonl");
  }

  /** The compressed golden path beside the scenario. */
  static Path compressed(Path scenarioFile) {
    Path plain = plain(scenarioFile);
    return plain.resolveSibling(plain.getFileName() + TraceFiles.GZIP_SUFFIX);
  }

  /** The golden that exists beside the scenario (the compressed one wins), or the plain path. */
  static Path beside(Path scenarioFile) {
    Path compressed = compressed(scenarioFile);
    return Files.isRegularFile(compressed) ? compressed : plain(scenarioFile);
  }

  /**
   * Publishes {@code trace} as the scenario's golden, compressed when large, and removes the other
   * form so exactly one golden remains. Returns the golden's path.
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
    return target;
  }
}

package dev.labyrinth.emulator.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * Fingerprints at checkpoints, after TigerBeetle's hash log: the SHA-256 of each window of
 * {@code windowLines} consecutive lines, plus the whole trace's fingerprint. Stored beside a
 * golden ({@code NAME.golden.checkpoints}), they let {@code verify} find the window where a long
 * run first diverges by hashing the new trace as it streams, then compare lines only inside that
 * window, instead of holding or comparing every line.
 *
 * <p>The sidecar is text, one item per line:
 *
 * <pre>
 * labyrinth-checkpoints 1
 * window_lines 65536
 * lines 200000
 * fingerprint sha256:...
 * stored sha256:...  (the golden file's own bytes, compressed or not)
 * 1 sha256:...      (lines 1..65536)
 * 2 sha256:...
 * </pre>
 *
 * @param windowLines lines per window (the last window may be shorter)
 * @param lines lines in the trace, header included
 * @param fingerprint the trace's full fingerprint
 * @param stored the SHA-256 of the file the checkpoints describe, as stored (gzipped or not),
 *     so a reader can tell cheaply whether they still belong to it; {@code ""} when unknown
 * @param windows the SHA-256 of each window's lines, each with its {@code \n}
 */
public record Checkpoints(int windowLines, long lines, String fingerprint, String stored,
    ImmutableList<String> windows) {

  /** Default window: 64 Ki lines, about 10 MiB of trace. */
  public static final int DEFAULT_WINDOW_LINES = 1 << 16;

  private static final String MAGIC = "labyrinth-checkpoints 1";

  public Checkpoints {
    checkArgument(windowLines > 0, "windowLines must be > 0");
  }

  /** Streams {@code trace} (plain or gzipped) and computes its checkpoints. */
  public static Checkpoints of(Path trace, int windowLines) throws IOException {
    try (BufferedReader reader = TraceFiles.openReader(trace)) {
      return of(reader, windowLines);
    }
  }

  /** As {@link #of(Path, int)}, over a reader the caller closes. */
  public static Checkpoints of(Reader trace, int windowLines) throws IOException {
    checkArgument(windowLines > 0, "windowLines must be > 0");
    BufferedReader reader = trace instanceof BufferedReader br ? br : new BufferedReader(trace);
    Hasher whole = Hashing.sha256().newHasher();
    Hasher window = Hashing.sha256().newHasher();
    ImmutableList.Builder<String> windows = ImmutableList.builder();
    long lines = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      whole.putString(line, StandardCharsets.UTF_8).putByte((byte) '\n');
      window.putString(line, StandardCharsets.UTF_8).putByte((byte) '\n');
      lines++;
      if (lines % windowLines == 0) {
        windows.add(Fingerprint.format(window.hash().asBytes()));
        window = Hashing.sha256().newHasher();
      }
    }
    if (lines % windowLines != 0) {
      windows.add(Fingerprint.format(window.hash().asBytes()));
    }
    return new Checkpoints(windowLines, lines, Fingerprint.format(whole.hash().asBytes()), "",
        windows.build());
  }

  /**
   * The 0-based index of the first window whose hash differs from {@code actual}'s (a window
   * missing on one side differs), or empty when every window agrees.
   */
  public OptionalInt firstDifferingWindow(Checkpoints actual) {
    checkArgument(actual.windowLines == windowLines, "window sizes differ: %s vs %s",
        windowLines, actual.windowLines);
    int both = Math.min(windows.size(), actual.windows.size());
    for (int i = 0; i < both; i++) {
      if (!windows.get(i).equals(actual.windows.get(i))) {
        return OptionalInt.of(i);
      }
    }
    return windows.size() == actual.windows.size() ? OptionalInt.empty() : OptionalInt.of(both);
  }

  /** These checkpoints, saying they describe the stored file {@code path}. */
  public Checkpoints describing(Path path) throws IOException {
    return new Checkpoints(windowLines, lines, fingerprint, Fingerprint.of(path), windows);
  }

  /** The 1-based first line of window {@code index}. */
  public long firstLineOf(int index) {
    return (long) index * windowLines + 1;
  }

  /** The sidecar's text, LF line ends. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(MAGIC).append('\n')
        .append("window_lines ").append(windowLines).append('\n')
        .append("lines ").append(lines).append('\n')
        .append("fingerprint ").append(fingerprint).append('\n')
        .append("stored ").append(stored).append('\n');
    for (int i = 0; i < windows.size(); i++) {
      out.append(i + 1).append(' ').append(windows.get(i)).append('\n');
    }
    return out.toString();
  }

  /** Parses {@link #format()}'s text; throws {@link IllegalArgumentException} when malformed. */
  public static Checkpoints parse(List<String> text) {
    checkArgument(text.size() >= 5 && text.get(0).equals(MAGIC),
        "not a checkpoint file: the first line must be '%s'", MAGIC);
    int windowLines = Integer.parseInt(value(text.get(1), "window_lines"));
    long lines = Long.parseLong(value(text.get(2), "lines"));
    String fingerprint = value(text.get(3), "fingerprint");
    String stored = value(text.get(4), "stored");
    ImmutableList.Builder<String> windows = ImmutableList.builder();
    for (int i = 5; i < text.size(); i++) {
      windows.add(value(text.get(i), Integer.toString(i - 4)));
    }
    return new Checkpoints(windowLines, lines, fingerprint, stored, windows.build());
  }

  private static String value(String line, String key) {
    checkArgument(line.startsWith(key + " "), "expected '%s <value>', found '%s'", key, line);
    return line.substring(key.length() + 1);
  }
}

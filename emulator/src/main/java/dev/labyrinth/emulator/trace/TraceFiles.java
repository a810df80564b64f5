package dev.labyrinth.emulator.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Opens canonical traces whether plain or gzip-compressed ({@code .gz}), so large golden traces
 * can be stored compressed and still compared line by line.
 *
 * <p>{@link GZIPOutputStream} writes a fixed header (modification time 0, no file name, OS byte
 * 0), so the compressed file depends only on the trace bytes and the JDK's deflater. Comparisons
 * always decompress: a golden is equal when its lines are, whatever deflater wrote it.
 */
public final class TraceFiles {

  /** Suffix of compressed traces. */
  public static final String GZIP_SUFFIX = ".gz";

  private TraceFiles() {}

  /** Whether {@code path} names a gzip-compressed trace. */
  public static boolean isCompressed(Path path) {
    return path.getFileName().toString().endsWith(GZIP_SUFFIX);
  }

  /** A UTF-8 reader over the trace's lines, decompressing {@code .gz} files. */
  public static BufferedReader openReader(Path path) throws IOException {
    InputStream in = Files.newInputStream(path);
    try {
      if (isCompressed(path)) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** Copies {@code source} (a plain trace) into {@code out} gzip-compressed. */
  public static void compress(Path source, OutputStream out) throws IOException {
    GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
    Files.copy(source, gzip);
    gzip.finish();
  }
}

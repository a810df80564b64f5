package dev.labyrinth.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The run's fingerprint as docs/trace-format.md defines it ({@code sha256:} and the hex SHA-256 of
 * the whole file), recomputed here so exports can name the run they came from without the
 * emulator. Streams the file, so any size is fine.
 */
public final class TraceFingerprint {

  private TraceFingerprint() {}

  /** {@code sha256:<64 lowercase hex>} of {@code trace}'s bytes. */
  public static String of(Path trace) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(trace)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }
}

package dev.labyrinth.emulator.trace;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A run's fingerprint: the SHA-256 of its canonical trace bytes, written {@code sha256:<hex>}.
 *
 * <p>Two runs have the same fingerprint exactly when their traces are byte-identical, so the
 * fingerprint is the short form of "this run replayed exactly".
 */
public final class Fingerprint {

  private static final String PREFIX = "sha256:";

  private Fingerprint() {}

  /** Formats a raw digest as {@code sha256:} plus 64 lowercase hex digits. */
  static String format(byte[] digest) {
    return PREFIX + BaseEncoding.base16().lowerCase().encode(digest);
  }

  /** The fingerprint of a saved trace file. */
  public static String of(Path trace) throws IOException {
    return format(com.google.common.io.Files.asByteSource(trace.toFile())
        .hash(Hashing.sha256()).asBytes());
  }

  /** The lowercase hex SHA-256 of {@code bytes}, as used for scenario files. */
  public static String sha256Hex(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
  }
}

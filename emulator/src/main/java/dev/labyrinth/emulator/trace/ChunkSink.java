package dev.labyrinth.emulator.trace;

/**
 * Where {@link CanonicalTraceWriter} sends its full buffers: every byte is hashed (SHA-256, the
 * run's fingerprint) and written to the stream, in the order given. Implementations differ only
 * in which thread does that work, never in the bytes or the digest.
 */
interface ChunkSink {
  /**
   * Takes the first {@code length} bytes of {@code chunk} and returns the buffer the writer fills
   * next (the same array, or another one of at least the same size when the chunk is still being
   * worked on).
   *
   * @throws java.io.UncheckedIOException if writing failed (this chunk's or an earlier one's)
   */
  byte[] accept(byte[] chunk, int length);

  /**
   * Waits until every chunk is hashed and written, closes the stream (always, even after a
   * failure) and returns the SHA-256 of all the bytes accepted.
   *
   * @throws java.io.UncheckedIOException if a write or the close failed
   */
  byte[] close();
}

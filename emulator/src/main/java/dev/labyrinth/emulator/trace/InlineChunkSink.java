package dev.labyrinth.emulator.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;

/** Hashes and writes each chunk on the caller's thread, before {@link #accept} returns. */
final class InlineChunkSink implements ChunkSink {
  private final OutputStream out;
  private final MessageDigest sha256 = Sha256.newDigest();

  InlineChunkSink(OutputStream out) {
    this.out = out;
  }

  @Override
  public byte[] accept(byte[] chunk, int length) {
    sha256.update(chunk, 0, length);
    try {
      out.write(chunk, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return chunk;
  }

  @Override
  public byte[] close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sha256.digest();
  }
}

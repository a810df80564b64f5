package dev.labyrinth.emulator.trace;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The digest behind every fingerprint. */
final class Sha256 {
  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}

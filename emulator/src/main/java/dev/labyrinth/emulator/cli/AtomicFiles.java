package dev.labyrinth.emulator.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes output files so that a reader never sees half of one: the bytes go to a temporary file
 * in the same directory, which is renamed over the target only when complete. A run killed at any
 * moment leaves either the old file or the new one, never a torn one.
 */
final class AtomicFiles {

  /** Writes the content of one file; may throw, in which case nothing is published. */
  @FunctionalInterface
  interface Writer<T> {
    T write(OutputStream out) throws IOException;
  }

  /** Age after which a leftover temporary file is taken to be a killed run's. */
  static final Duration STALE_AFTER = Duration.ofMinutes(10);

  private AtomicFiles() {}

  /** Writes {@code target} atomically through {@code writer} and returns what the writer returned. */
  static <T> T write(Path target, Writer<T> writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    removeStale(directory, absolute.getFileName().toString());
    Path temporary = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".tmp");
    try {
      T result;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
        result = writer.write(out);
      }
      makeReadable(temporary);
      moveIntoPlace(temporary, absolute);
      return result;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Removes temporary files of {@code name} that a killed run left behind. They are hidden
   * ({@code .name.*.tmp}) and nothing ever reads them; one untouched for {@link #STALE_AFTER} is
   * stale, while a live writer's file is younger (it flushes every 64 KiB), so two runs writing
   * the same output never delete each other's work.
   */
  private static void removeStale(Path directory, String name) throws IOException {
    FileTime cutoff = FileTime.from(Instant.now().minus(STALE_AFTER));
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, "." + name + ".*.tmp")) {
      for (Path temp : temps) {
        try {
          if (Files.getLastModifiedTime(temp).compareTo(cutoff) < 0) {
            Files.deleteIfExists(temp);
          }
        } catch (IOException e) {
          // Another process removed or owns it; leaving a hidden temporary file is harmless.
        }
      }
    }
  }

  /**
   * Temporary files are created owner-only; a published output is an ordinary file, readable by
   * others as one written with the usual umask would be.
   */
  private static void makeReadable(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

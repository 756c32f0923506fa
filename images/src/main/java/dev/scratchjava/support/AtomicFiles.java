package dev.scratchjava.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a file under a temporary name beside its target and moves it into place only when it is
 * complete, so that a failure or an interruption never leaves a half-written output or cache entry.
 */
public final class AtomicFiles {
  /** Writes the content of a file to the path it is given. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(Path temp) throws IOException;
  }

  /** Writes the content of a file to the path it is given, and says something about it. */
  @FunctionalInterface
  public interface Producer<T> {
    T writeTo(Path temp) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path target, Writer writer) {
    writeAndGet(target, temp -> {
      writer.writeTo(temp);
      return null;
    });
  }

  /** {@link #write}, returning what {@code writer} says of the file it wrote. */
  public static <T> T writeAndGet(Path target, Producer<T> writer) {
    Path temp = null;
    try {
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      temp = Files.createTempFile(parent, "." + target.getFileName(), ".partial");
      // A temporary file is private; what it becomes is for everyone to read.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      T result = writer.writeTo(temp);
      move(temp, target);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Moves a finished file into place, atomically where the file system allows it. */
  public static void move(Path finished, Path target) throws IOException {
    try {
      Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a folder and everything in it, if it exists. */
  public static void deleteTree(Path folder) {
    if (folder == null || !Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(AtomicFiles::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: a leftover temporary file has a name no reader picks up.
    }
  }
}

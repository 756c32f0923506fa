package dev.scratchjava.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  /** Locks, README parts, SBOMs and tars are for everyone to read, like any file a tool writes. */
  @Test
  void writesFilesOthersCanRead() throws Exception {
    Path file = dir.resolve("out.json");
    AtomicFiles.write(file, temp -> Files.writeString(temp, "{}"));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}

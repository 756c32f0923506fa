package dev.scratchjava.image;

import dev.scratchjava.catalog.CatalogException;
import dev.scratchjava.rootfs.FileTree;
import dev.scratchjava.rootfs.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** The runtime's full version, read from the {@code release} file the JDK build writes. */
final class JavaRelease {
  private JavaRelease() {}

  /** Looks in JAVA_HOME and, for Java 8's {@code jre/} layout, in its parent. */
  static String version(FileTree tree, String javaHome) {
    String home = FileTree.canonical(javaHome.substring(1));
    String parent = home.substring(0, home.lastIndexOf('/'));
    for (String candidate : List.of(home + "/release", parent + "/release")) {
      Node release = tree.get(candidate);
      if (release != null && release.kind() == Node.Kind.FILE) {
        try {
          for (String line : Files.readAllLines(release.source())) {
            if (line.startsWith("JAVA_VERSION=")) {
              return line.substring("JAVA_VERSION=".length()).replace("\"", "").strip();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new CatalogException("no JAVA_VERSION in " + javaHome
        + "/release: keep the runtime's release file");
  }
}

package dev.scratchjava.image;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.rootfs.FileTree;
import dev.scratchjava.rootfs.Node;
import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** An image's full version, which names its tags: its runtime's, or its Debian point release's. */
final class ImageVersion {
  private static final String DEBIAN_VERSION = "etc/debian_version";

  private ImageVersion() {}

  static String of(FileTree tree, Definition definition, Architecture arch, List<LockedPackage> pins) {
    return definition.hasJava() ? java(tree, definition.javaHome(arch), pins) : debian(tree);
  }

  /** The point release base-files writes, as in {@code 13.2}. */
  private static String debian(FileTree tree) {
    Node file = tree.get(DEBIAN_VERSION);
    if (file == null || file.kind() != Node.Kind.FILE) {
      throw new CatalogException("no /" + DEBIAN_VERSION + " in the image: keep it from base-files");
    }
    try {
      return Files.readString(file.source()).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The runtime's full version: from the {@code release} file the JDK build writes, else (Java 8
   * ships none) from the version of the package that holds the launcher, as in {@code 8u504-ga-1}.
   */
  private static String java(FileTree tree, String javaHome, List<LockedPackage> pins) {
    String home = FileTree.canonical(javaHome.substring(1));
    Node release = tree.get(home + "/release");
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
    Node launcher = tree.get(home + "/bin/java");
    if (launcher == null || launcher.kind() != Node.Kind.FILE) {
      throw new CatalogException("no launcher " + javaHome + "/bin/java in the image: check javaHome");
    }
    String version =
        pins.stream()
            .filter(pin -> pin.name().equals(launcher.origin()))
            .findFirst()
            .orElseThrow()
            .version();
    return version.replaceFirst("^[0-9]+:", "").split("[-+]")[0];
  }
}

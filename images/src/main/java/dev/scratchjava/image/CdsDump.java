package dev.scratchjava.image;

import dev.scratchjava.catalog.CdsArchive;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Dumps the JDK's default class-data archive the way Debian's postinst does, with
 * {@code java -Xshare:dump}, but in the built image (emulated for a foreign architecture), and
 * keeps it gzipped beside the lock. Needs the Docker engine; only {@code catalog lock} calls it.
 */
public final class CdsDump {
  /** An emulated dump of Java 8 or 11 takes about a minute here; a native one a few seconds. */
  private static final Duration TIMEOUT = Duration.ofMinutes(15);

  private CdsDump() {}

  /**
   * Runs the dump in {@code built}, whose runtime package's .deb has SHA-256 {@code runtime}, and
   * writes the archive gzipped to {@code stored}, whole or not at all.
   */
  public static CdsArchive dump(BuiltImage built, String runtime, Path stored) {
    Recipe recipe = built.recipe();
    if (!DockerEngine.isReachable()) {
      throw new CatalogException(recipe.what() + ": dumping its CDS archive needs a Docker engine, and none answers");
    }
    DockerEngine.load(built.tar(), recipe.reference(), built.imageId(), List.of());
    String container = "catalog-cds-dump-" + UUID.randomUUID();
    Path copied = null;
    try {
      // As root: the runtime's folders are root's. No network, no perf data file left behind.
      Processes.check(List.of("docker", "run", "--name", container, "--platform", "linux/" + recipe.arch().oci(),
              "--network", "none", "--user", "0", built.imageId(), "-XX:-UsePerfData", "-Xshare:dump"),
          TIMEOUT, recipe.what() + ": java -Xshare:dump");
      String path = addedArchive(container, recipe);
      copied = Files.createTempFile("catalog-cds", ".jsa");
      Processes.check(List.of("docker", "cp", container + ":/" + path, copied.toString()), TIMEOUT,
          recipe.what() + ": docker cp /" + path);
      String sha256 = Hashing.sha256(copied);
      long size = Files.size(copied);
      Path source = copied;
      AtomicFiles.write(stored, temp -> {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp))) {
          Files.copy(source, out);
        }
      });
      return new CdsArchive(path, size, sha256, runtime);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Processes.run(List.of("docker", "rm", "--force", container), Duration.ofMinutes(1));
      AtomicFiles.deleteQuietly(copied);
    }
  }

  /** The one .jsa file the dump added to the container, relative to its root. */
  private static String addedArchive(String container, Recipe recipe) {
    String diff = Processes.check(List.of("docker", "diff", container), Duration.ofMinutes(1),
        recipe.what() + ": docker diff");
    List<String> archives = new ArrayList<>();
    diff.lines().filter(line -> line.startsWith("A /") && line.endsWith(".jsa"))
        .forEach(line -> archives.add(line.substring(3)));
    if (archives.size() != 1) {
      throw new CatalogException(recipe.what() + ": java -Xshare:dump added " + archives.size()
          + " .jsa files, not one: " + archives);
    }
    return archives.get(0);
  }
}

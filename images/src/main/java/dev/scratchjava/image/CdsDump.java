package dev.scratchjava.image;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.CdsArchive;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
  /** A native dump takes seconds here; an emulated one minutes. */
  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  /** The first four bytes of a static CDS archive, as Java 8 to 11 write it (native byte order). */
  private static final int MAGIC = 0xf00baba2;

  private CdsDump() {}

  /**
   * Runs the dump in {@code plain}, whose runtime package's .deb has SHA-256 {@code runtime}, and
   * writes the archive gzipped into {@code folder} under its {@link CdsArchive#fileName}, whole
   * or not at all.
   */
  public static CdsArchive dump(BuiltImage plain, String runtime, Path folder) {
    Recipe recipe = plain.recipe();
    requireEngine(recipe);
    DockerEngine.load(plain.tar(), recipe.reference(), plain.imageId(), List.of());
    String container = "catalog-cds-dump-" + UUID.randomUUID();
    Path copied = null;
    try {
      // As root: the runtime's folders are root's. G1 whatever the host, as on a server class
      // machine, so that the archive holds the same kinds of data wherever it is dumped.
      Processes.check(List.of("docker", "run", "--name", container, "--platform", "linux/" + recipe.arch().oci(),
              "--network", "none", "--user", "0", plain.imageId(),
              "-XX:+UseG1GC", "-XX:-UsePerfData", "-Xshare:dump"),
          TIMEOUT, recipe.what() + ": java -Xshare:dump");
      String path = addedArchive(container, recipe);
      copied = Files.createTempDirectory("catalog-cds");
      Path file = copied.resolve("classes.jsa");
      Processes.check(List.of("docker", "cp", container + ":/" + path, file.toString()), TIMEOUT,
          recipe.what() + ": docker cp /" + path);
      requireArchive(file, recipe, path);
      CdsArchive archive = new CdsArchive(path, Files.size(file), Hashing.sha256(file), runtime);
      if (!archive.isIn(recipe.definition().javaHome(recipe.arch()))) {
        throw new CatalogException(recipe.what() + ": java -Xshare:dump wrote /" + path + ", outside the runtime's home "
            + recipe.definition().javaHome(recipe.arch()));
      }
      AtomicFiles.write(folder.resolve(archive.fileName(recipe.arch())), temp -> {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp))) {
          Files.copy(file, out);
        }
      });
      return archive;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Processes.run(List.of("docker", "rm", "--force", container), Duration.ofMinutes(1));
      AtomicFiles.deleteTree(copied);
    }
  }

  /** Refuses an image whose JVM does not map its archive: {@code -Xshare:on} exits 1 without it. */
  public static void requireMapped(BuiltImage built) {
    Recipe recipe = built.recipe();
    requireEngine(recipe);
    DockerEngine.load(built.tar(), recipe.reference(), built.imageId(), List.of());
    Processes.Output output = Processes.run(List.of("docker", "run", "--rm", "--platform",
        "linux/" + recipe.arch().oci(), "--network", "none", built.imageId(), "-Xshare:on", "-version"), TIMEOUT);
    if (output.status() != 0 || !output.text().contains(", sharing)")) {
      throw new CatalogException(recipe.what() + ": the JVM does not map the archive just dumped (java -Xshare:on"
          + " -version: exit " + output.status() + "): " + output.tail());
    }
  }

  private static void requireEngine(Recipe recipe) {
    if (!DockerEngine.isReachable()) {
      throw new CatalogException(recipe.what() + ": dumping its CDS archive needs a Docker engine, and none answers");
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

  /** A regular file of a sane size that starts as a CDS archive does, not a link to elsewhere. */
  private static void requireArchive(Path file, Recipe recipe, String path) throws IOException {
    String what = recipe.what() + ": /" + path + " as java -Xshare:dump left it";
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new CatalogException(what + " is not a regular file");
    }
    if (Files.size(file) > CdsArchive.MAX_SIZE) {
      throw new CatalogException(what + " is larger than " + CdsArchive.MAX_SIZE + " bytes");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    ByteOrder order = recipe.arch() == Architecture.S390X ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    if (head.length < 4 || ByteBuffer.wrap(head).order(order).getInt() != MAGIC) {
      throw new CatalogException(what + " does not start as a CDS archive");
    }
  }
}

package dev.scratchjava.debian;

import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * .deb files by content: {@code <dir>/sha256/<hash>.deb}. A file enters the cache only once its
 * SHA-256 matches the lock, and is checked again on every use, so a warm cache needs no network
 * and a corrupt one is never built from.
 */
public final class PackageCache {
  private final Path dir;
  private final Archive archive;
  private final Consumer<String> log;

  public PackageCache(Path dir, Archive archive, Consumer<String> log) {
    this.dir = dir;
    this.archive = archive;
    this.log = log;
  }

  /**
   * The cache folder of this user: {@code $CATALOG_CACHE}, else {@code $HOME/.cache/scratchjava}
   * (the JVM's own idea of the home folder only when HOME is unset).
   */
  public static Path defaultRoot() {
    return defaultRoot(System.getenv());
  }

  static Path defaultRoot(Map<String, String> env) {
    String cache = env.get("CATALOG_CACHE");
    if (cache != null && !cache.isBlank()) {
      return Path.of(cache);
    }
    return home(env).resolve(".cache").resolve("scratchjava");
  }

  /** {@code $HOME}, else the JVM's {@code user.home}. */
  public static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }

  /** The verified .deb of {@code pkg}, downloaded first if the cache lacks it. */
  public Path get(LockedPackage pkg) {
    Path file = dir.resolve("sha256").resolve(pkg.sha256() + ".deb");
    if (Files.exists(file)) {
      String actual = Hashing.sha256(file);
      if (actual.equals(pkg.sha256())) {
        return file;
      }
      log.accept("cached " + pkg + " is corrupt (sha256 " + actual + "): downloading again");
      AtomicFiles.deleteQuietly(file);
    }
    long start = System.nanoTime();
    try {
      download(pkg, file);
    } catch (Archive.NotFound e) {
      throw new CatalogException(e.getMessage() + ": the mirror no longer serves this build (suites"
          + " drop old builds, unstable within days): run ./catalog lock to pin the current one, or"
          + " point --mirror/--security-mirror at a snapshot mirror that keeps old builds");
    }
    log.accept(String.format("fetched %s (%.1f MB, %.1f s)", pkg, pkg.size() / 1e6,
        (System.nanoTime() - start) / 1e9));
    return file;
  }

  private void download(LockedPackage pkg, Path file) {
    AtomicFiles.write(
        file,
        temp ->
            archive.download(
                pkg.suite(),
                pkg.path(),
                "package " + pkg,
                body -> {
                  // The lock knows the size: a longer answer is cut off at it, not written to disk.
                  String actual = Hashing.copy(Limits.atMost(body, pkg.size(), "package " + pkg + ": the download"), temp);
                  if (!actual.equals(pkg.sha256())) {
                    throw new CatalogException("package " + pkg + ": sha256 mismatch: expected "
                        + pkg.sha256() + ", got " + actual + " (download discarded)");
                  }
                }));
  }
}

package dev.scratchjava.debian;

import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /** The cache folder of this user: {@code $CATALOG_CACHE}, else {@code ~/.cache/scratchjava}. */
  public static Path defaultRoot() {
    String env = System.getenv("CATALOG_CACHE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "scratchjava");
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
                  String actual = Hashing.copy(body, temp);
                  if (!actual.equals(pkg.sha256())) {
                    throw new CatalogException("package " + pkg + ": sha256 mismatch: expected "
                        + pkg.sha256() + ", got " + actual + " (download discarded)");
                  }
                }));
  }
}

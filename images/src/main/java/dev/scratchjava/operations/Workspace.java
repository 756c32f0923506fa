package dev.scratchjava.operations;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.debian.Archive;
import dev.scratchjava.debian.Keyring;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.PackageCache;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.rootfs.UnpackCache;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the operations work: the catalog's root, the cache, the output folder and the Debian
 * mirrors (asked for only when something must be downloaded), and where progress lines go.
 *
 * @param root the repository root, which holds the image folders
 * @param cache the cache folder: {@code packages/}, {@code unpacked/}, {@code jib/}
 * @param output where tars go (under {@code images/}) and SBOMs (under {@code sbom/})
 * @param mirrors the Debian archives, configured on first use
 * @param progress one line at a time, as work goes on
 */
public record Workspace(
    Path root, Path cache, Path output, Supplier<Mirrors> mirrors, Consumer<String> progress) {

  public Catalog catalog() {
    return Catalog.at(root);
  }

  /** The archive, verifying every index against Debian's keys kept in the repository. */
  public Archive signedArchive() {
    return new Archive(mirrors.get(), Keyring.read(root), progress);
  }

  /** The package cache; it downloads only files whose hashes a lock pins. */
  public PackageCache packages() {
    return new PackageCache(cache.resolve("packages"), new Archive(mirrors, null, progress), progress);
  }

  public UnpackCache unpacked() {
    return new UnpackCache(cache.resolve("unpacked"), packages());
  }

  /** A builder writing into {@code outputDir}, with the shared caches. */
  public ImageBuilder builder(Path outputDir) {
    return new ImageBuilder(unpacked(), outputDir, cache.resolve("jib"), progress);
  }

  public ImageBuilder builder() {
    return builder(output);
  }
}

package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.debian.Archive;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.PackageCache;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.rootfs.UnpackCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two builds from the same lock, each with empty output, unpack and layer caches, give the same digest,
 * the one the lock recorded. Packages come from the shared cache, which holds only files whose
 * SHA-256 matches the lock, so sharing it cannot hide a difference.
 */
class ReproducibleBuildIT {
  /** The shared package cache: it holds only files whose SHA-256 matches the lock. */
  private static PackageCache packages(Consumer<String> log) {
    return new PackageCache(
        PackageCache.defaultRoot().resolve("packages"),
        new Archive(Mirrors.configure(null, null, System.getenv(), Path.of("/")), null, log),
        log);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#all")
  void rebuildsTheDigestItsLockRecords(ImageUnderTest image, @TempDir Path scratch) {
    Catalog catalog = ImageUnderTest.catalog();
    Definition definition = catalog.definition(image.name());
    Lock lock = catalog.lock(image.name());
    Consumer<String> log = line -> System.out.println("  " + line);
    PackageCache packages = packages(log);
    String[] digests = new String[2];
    for (int i = 0; i < 2; i++) {
      Path output = scratch.resolve("build-" + i);
      ImageBuilder builder = new ImageBuilder(
          new UnpackCache(output.resolve("unpacked"), packages), output, output.resolve("jib-cache"), log);
      digests[i] =
          builder
              .build(definition, image.arch(), lock.pins(image.arch()).packages(), lock.revision())
              .digest();
    }
    assertEquals(lock.pins(image.arch()).digest(), digests[0], "first build vs lock");
    assertEquals(digests[0], digests[1], "second build vs first");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#all")
  void keepsAnUnchangedBuildWithItsDigest(ImageUnderTest image, @TempDir Path scratch) throws Exception {
    Catalog catalog = ImageUnderTest.catalog();
    Definition definition = catalog.definition(image.name());
    Lock lock = catalog.lock(image.name());
    List<String> log = new ArrayList<>();
    ImageBuilder builder = new ImageBuilder(
        new UnpackCache(scratch.resolve("unpacked"), packages(log::add)), scratch,
        scratch.resolve("jib-cache"), log::add);
    ImageBuilder.Built first =
        builder.build(definition, image.arch(), lock.pins(image.arch()).packages(), lock.revision());
    FileTime written = Files.getLastModifiedTime(first.tar());
    log.clear();
    ImageBuilder.Built again =
        builder.build(definition, image.arch(), lock.pins(image.arch()).packages(), lock.revision());
    assertEquals(first.digest(), again.digest());
    assertEquals(written, Files.getLastModifiedTime(again.tar()), "the tar was written again");
    assertTrue(log.stream().anyMatch(line -> line.contains("unchanged since the last build")), log.toString());
  }
}

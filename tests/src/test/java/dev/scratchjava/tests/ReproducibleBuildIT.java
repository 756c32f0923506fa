package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.debian.Archive;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.PackageCache;
import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.image.Recipe;
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
    Recipe recipe = Recipe.locked(image.definition(), image.lock(), image.arch());
    Consumer<String> log = line -> System.out.println("  " + line);
    PackageCache packages = packages(log);
    String[] digests = new String[2];
    for (int i = 0; i < 2; i++) {
      Path output = scratch.resolve("build-" + i);
      ImageBuilder builder = new ImageBuilder(
          new UnpackCache(output.resolve("unpacked"), packages), output, output.resolve("jib-cache"), log);
      digests[i] = builder.build(recipe).digest();
    }
    assertEquals(image.lock().pins(image.arch()).digest(), digests[0], "first build vs lock");
    assertEquals(digests[0], digests[1], "second build vs first");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#all")
  void keepsAnUnchangedBuildWithItsDigest(ImageUnderTest image, @TempDir Path scratch) throws Exception {
    Recipe recipe = Recipe.locked(image.definition(), image.lock(), image.arch());
    List<String> log = new ArrayList<>();
    ImageBuilder builder = new ImageBuilder(
        new UnpackCache(scratch.resolve("unpacked"), packages(log::add)), scratch,
        scratch.resolve("jib-cache"), log::add);
    BuiltImage first = builder.build(recipe);
    FileTime written = Files.getLastModifiedTime(first.tar());
    log.clear();
    BuiltImage again = builder.build(recipe);
    assertEquals(first.digest(), again.digest());
    assertEquals(written, Files.getLastModifiedTime(again.tar()), "the tar was written again");
    assertTrue(log.stream().anyMatch(line -> line.contains("unchanged since the last build")), log.toString());
  }
}

package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.debian.Archive;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.PackageCache;
import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.image.DockerEngine;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.image.Recipe;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.rootfs.UnpackCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One build per image and architecture, with empty output, unpack and layer caches, gives the
 * digest the lock recorded. The second build from the same lock is the suite's own: its
 * pre-integration-test {@code catalog build} exits 3 when a digest differs from its lock, so two
 * builds agree with the lock and so with each other. Packages come from the shared cache, which
 * holds only files whose SHA-256 matches the lock, so sharing it cannot hide a difference. Built
 * again into the same output, the image is kept as it is.
 */
class ReproducibleBuildIT {
  /** The one build with empty caches per image and architecture, which both tests look at. */
  private static final Map<ImageUnderTest, BuiltImage> BUILT = new ConcurrentHashMap<>();

  @TempDir static Path scratch;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#all")
  void rebuildsTheDigestItsLockRecords(ImageUnderTest image) {
    BuiltImage built = BUILT.computeIfAbsent(image, ReproducibleBuildIT::buildWithEmptyCaches);
    assertEquals(image.lock().pins(image.arch()).digest(), built.digest(), "build with empty caches vs lock");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#all")
  void keepsAnUnchangedBuildWithItsDigest(ImageUnderTest image) throws Exception {
    BuiltImage first = BUILT.computeIfAbsent(image, ReproducibleBuildIT::buildWithEmptyCaches);
    FileTime written = Files.getLastModifiedTime(first.tar());
    List<String> log = new ArrayList<>();
    BuiltImage again = build(image, log::add);
    assertEquals(first.digest(), again.digest());
    assertEquals(written, Files.getLastModifiedTime(again.tar()), "the tar was written again");
    assertTrue(log.stream().anyMatch(line -> line.contains("unchanged since the last build")), log.toString());
  }

  /** An image whose digest is not its lock's is not loaded: users would run what no lock names. */
  @Test
  void loadsNoImageWhoseDigestDiffersFromItsLock() throws Exception {
    DriftedCatalog drifted = DriftedCatalog.in(scratch.resolve("drifted-catalog"));
    ImageUnderTest image = drifted.image();
    CatalogRun build = drifted.run("build", "--arch", image.arch().debian(), DriftedCatalog.NAME);
    assertEquals(ExitStatus.DIGEST_DIFFERS.code(), build.status(), build.printed());
    assertTrue(build.printed().contains("not loaded"), build.printed());
    String reference = drifted.reference();
    assertEquals("", DockerEngine.imageId(reference), reference + " was loaded:\n" + build.printed());
  }

  private static BuiltImage buildWithEmptyCaches(ImageUnderTest image) {
    return build(image, line -> System.out.println("  " + line));
  }

  /** Builds the image from its lock into its own output folder, with the caches kept there. */
  private static BuiltImage build(ImageUnderTest image, Consumer<String> log) {
    Path output = scratch.resolve(image.definition().id() + "-" + image.arch());
    ImageBuilder builder = new ImageBuilder(
        new UnpackCache(output.resolve("unpacked"), packages(log)), output, output.resolve("jib-cache"), log);
    return builder.build(Recipe.locked(ImageUnderTest.catalog(), image.definition(), image.arch()));
  }

  /** The shared package cache: it holds only files whose SHA-256 matches the lock. */
  private static PackageCache packages(Consumer<String> log) {
    return new PackageCache(
        PackageCache.defaultRoot().resolve("packages"),
        new Archive(() -> Mirrors.configure(null, null, System.getenv(), Path.of("/")), null, log),
        log);
  }
}

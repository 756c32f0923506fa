package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scratchjava.cli.Main;
import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.support.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A digest is a function of the lock, not of the machine that builds it. The small catalog is built
 * here and its digests locked; then {@code ./catalog build} builds it again in a child JVM that
 * differs in one input of the builder's host and starts from empty caches of its own, so that
 * every file the build writes and reads back is written under that input; it exits 3 if a digest
 * differs from the lock. The locale has its own test (TruststoreTest).
 */
class BuildHostTest {
  /**
   * Another JDK's home, to build with a second Java: ci.yml names its Java 21 here. Where it is not
   * set (a developer's machine, the other workflows) that test is skipped, and says so, rather
   * than passing.
   */
  static final String OTHER_JDK = "CATALOG_TEST_OTHER_JDK";

  @TempDir Path root;
  /** What this JVM built, by variant id. */
  private final Map<String, String> here = new TreeMap<>();

  @Test
  void theDigestDoesNotDependOnTheTimeZone() throws Exception {
    // As far from this JVM's own zone as zones go: UTC+14, or UTC-3:30 if that is the own.
    String zone = TimeZone.getDefault().getRawOffset() > 0 ? "America/St_Johns" : "Pacific/Kiritimati";
    assertSameDigests(lockedHere(), List.of("env", "TZ=" + zone), java(), "TZ=" + zone);
  }

  @Test
  void theDigestDoesNotDependOnTheUmask() throws Exception {
    SmallCatalog small = lockedHere();
    for (String umask : List.of("077", "000")) {
      List<String> launcher = List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh");
      assertSameDigests(small, launcher, java(), "umask " + umask);
    }
  }

  @Test
  void theDigestDoesNotDependOnTheJavaThatBuilds() throws Exception {
    String other = System.getenv(OTHER_JDK);
    assumeTrue(other != null, OTHER_JDK + " names no second JDK: the build was compared with no other Java");
    // Set but empty, or no JDK there: a workflow that meant to name one lost it on the way.
    Path java = Path.of(other, "bin", "java");
    assertTrue(!other.isBlank() && Files.isExecutable(java), OTHER_JDK + "='" + other + "' is not a JDK's home");
    assertSameDigests(lockedHere(), List.of(), java.toString(), "the Java in " + other);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The small catalog, locked with the digests this JVM builds. */
  private SmallCatalog lockedHere() throws Exception {
    SmallCatalog small = new SmallCatalog(root);
    for (BuiltImage built : new Build(small.workspace()).run(Selection.all(), false).images()) {
      here.put(built.recipe().definition().id(), built.digest());
    }
    small.lock(here);
    return small;
  }

  /** Has {@code java}, started through {@code launcher}, build the locked catalog from empty caches. */
  private void assertSameDigests(SmallCatalog small, List<String> launcher, String java, String what)
      throws IOException {
    Path child = Files.createTempDirectory(root, "child");
    copyTree(small.cache().resolve("packages"), child.resolve("cache/packages"));
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "--root", root.toString(), "build", "--no-load",
        "--cache", child.resolve("cache").toString(), "--output", child.resolve("target").toString()));
    Processes.Output output = Processes.run(command, Duration.ofMinutes(3));
    assertEquals(ExitStatus.OK.code(), output.status(), "built with " + what + ", not " + here
        + " as built here:\n" + output.text());
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}

package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.scratchjava.support.Json;
import dev.scratchjava.tests.TestResults.Image;
import dev.scratchjava.tests.TestResults.Outcome;
import dev.scratchjava.image.TestResult;
import dev.scratchjava.tests.TestResults.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The suite's results land in one file per image digest, each test under the images it checked. */
class TestResultsWriterTest {
  private static final String PLAIN_DIGEST = "sha256:" + "a".repeat(64);
  private static final String DEBUG_DIGEST = "sha256:" + "b".repeat(64);
  private static final Image PLAIN = new Image("java21:21-amd64", PLAIN_DIGEST, "java21", "default", "amd64");
  private static final Image DEBUG = new Image("java21:21-debug-amd64", DEBUG_DIGEST, "java21", "debug", "amd64");
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final Instant FINISHED = Instant.parse("2026-12-07T10:15:30Z");
  private static final String FIXTURE = "TestResultsWriterTest$Fixture";

  /** A stand-in for an IT, run by its own launcher below; it does nothing when surefire finds it. */
  static class Fixture {
    static volatile boolean launched;

    static Stream<String> references() {
      return Stream.of(PLAIN.reference(), DEBUG.reference());
    }

    @BeforeEach
    void onlyWhenLaunchedByTheTest() {
      assumeTrue(launched, "runs only under TestResultsWriterTest's own launcher");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void runsTheImage(String reference) {
      assertFalse(reference.contains("debug"), "the debug variant fails");
    }

    @Test
    void checksTheWholeCatalog() {}

    @Test
    @Disabled("not today")
    void isDisabled() {}

    @Test
    void isAborted() {
      assumeTrue(false, "nothing to check");
    }
  }

  @Test
  void anInvocationNamingAnImageGoesToThatImageOnlyAndNotToAVariantWhoseTagContainsIt() {
    Outcome invocation = outcome("[1] java21:21-amd64", Status.PASSED);
    assertEquals(List.of(PLAIN), TestResults.imagesOf(invocation, List.of(PLAIN, DEBUG)));
    assertEquals(List.of(DEBUG), TestResults.imagesOf(outcome("java21:21-debug-amd64 root", Status.PASSED),
        List.of(PLAIN, DEBUG)));
  }

  @Test
  void aReferenceCountsOnlyAsAWholeToken() {
    assertTrue(TestResults.names("java21:21-amd64", "java21:21-amd64"));
    assertTrue(TestResults.names("(java21:21-amd64, jdk)", "java21:21-amd64"));
    assertTrue(TestResults.names("java21:21-debug-amd64 and java21:21-amd64", "java21:21-amd64"));
    assertFalse(TestResults.names("java21:21-debug-amd64", "java21:21-amd64"));
    assertFalse(TestResults.names("java21:21-amd64-extra", "java21:21-amd64"));
    assertFalse(TestResults.names("xjava21:21-amd64", "java21:21-amd64"));
    assertFalse(TestResults.names("java21:21-amd64.1", "java21:21-amd64"));
  }

  @Test
  void aTestNamingNoImageGoesToEveryImageOfTheRun() {
    Outcome wholeCatalog = outcome("pushesEveryImage()", Status.PASSED);
    assertEquals(List.of(PLAIN, DEBUG), TestResults.imagesOf(wholeCatalog, List.of(PLAIN, DEBUG)));
  }

  @Test
  void imagesWithTheSameDigestShareOneRecord() {
    Image alias = new Image("java21:21-arm64", PLAIN_DIGEST, "java21", "default", "arm64");
    List<TestResult> records = TestResults.records(List.of(PLAIN, alias, DEBUG),
        List.of(outcome("java21:21-arm64", Status.FAILED)), null, null, FINISHED);
    assertEquals(2, records.size());
    assertEquals(List.of("T.m"), records.get(0).failed());
    assertEquals(List.of(), records.get(1).failed());
  }

  @Test
  void theRunWritesOneFilePerDigestNamedAfterItWithEachTestUnderItsImages(@TempDir Path folder) throws IOException {
    TestResultsWriter writer = new TestResultsWriter(folder, () -> List.of(PLAIN, DEBUG), () -> COMMIT,
        Map.of("CATALOG_RUN_URL", "https://ci.example/run/7"), Clock.fixed(FINISHED, ZoneOffset.UTC));
    Fixture.launched = true;
    try {
      LauncherFactory.create().execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Fixture.class)).build(), writer);
    } finally {
      Fixture.launched = false;
    }

    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of("sha256-" + "a".repeat(64) + ".json", "sha256-" + "b".repeat(64) + ".json"),
          files.map(file -> file.getFileName().toString()).sorted().toList(), "one file per digest, nothing else");
    }
    Map<String, Object> plain = read(TestResult.fileOf(folder, PLAIN_DIGEST));
    assertEquals(List.of("digest", "image", "variant", "architecture", "commit", "runUrl", "finished",
        "passed", "failed", "skipped"), List.copyOf(plain.keySet()));
    assertEquals(PLAIN_DIGEST, plain.get("digest"));
    assertEquals("java21", plain.get("image"));
    assertEquals("default", plain.get("variant"), "the default variant, by name");
    assertEquals("amd64", plain.get("architecture"));
    assertEquals(COMMIT, plain.get("commit"));
    assertEquals("https://ci.example/run/7", plain.get("runUrl"));
    assertEquals("2026-12-07T10:15:30Z", plain.get("finished"));
    assertEquals(List.of(FIXTURE + ".checksTheWholeCatalog", FIXTURE + ".runsTheImage[java21:21-amd64]"),
        plain.get("passed"));
    assertEquals(List.of(), plain.get("failed"));
    assertEquals(List.of(FIXTURE + ".isAborted", FIXTURE + ".isDisabled"), plain.get("skipped"));

    Map<String, Object> debug = read(TestResult.fileOf(folder, DEBUG_DIGEST));
    assertEquals("debug", debug.get("variant"));
    assertEquals(List.of(FIXTURE + ".checksTheWholeCatalog"), debug.get("passed"));
    assertEquals(List.of(FIXTURE + ".runsTheImage[java21:21-debug-amd64]"), debug.get("failed"));
    assertEquals(List.of(FIXTURE + ".isAborted", FIXTURE + ".isDisabled"), debug.get("skipped"));
  }

  @Test
  void theLauncherLoadsTheWriterButWithoutTheFolderPropertyItWritesNothing() {
    assertTrue(ServiceLoader.load(TestExecutionListener.class).stream()
        .anyMatch(provider -> provider.type() == TestResultsWriter.class), "registered as a service");
    assumeTrue(System.getProperty(TestResultsWriter.FOLDER_PROPERTY) == null, "surefire sets no folder");
    assertFalse(new TestResultsWriter().active());
    assertTrue(TestResultsWriter.folder(" ").isEmpty());
  }

  private static Outcome outcome(String displayName, Status status) {
    return new Outcome("T.m", List.of(displayName, "T", "JUnit Jupiter"), status);
  }

  private static Map<String, Object> read(Path file) throws IOException {
    return Json.MAPPER.readValue(Files.readString(file), new TypeReference<LinkedHashMap<String, Object>>() {});
  }
}

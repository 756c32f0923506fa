package dev.scratchjava.tests;

import dev.scratchjava.image.CiRun;
import dev.scratchjava.image.TestResult;
import dev.scratchjava.tests.TestResults.Image;
import dev.scratchjava.tests.TestResults.Outcome;
import dev.scratchjava.tests.TestResults.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes, when the run ends, one JSON file per image digest with the tests that passed, failed
 * or were skipped for it ({@link TestResults}), so that a published digest can be traced to the
 * conformance run that checked it. Registered as a service; it writes only where the system
 * property {@code catalog.testResults} names a folder, which failsafe sets and surefire does not,
 * so unit tests leave no results behind.
 */
public final class TestResultsWriter implements TestExecutionListener {
  static final String FOLDER_PROPERTY = "catalog.testResults";

  private final Path folder;
  private final Supplier<List<Image>> images;
  private final Supplier<String> commit;
  private final Map<String, String> environment;
  private final Clock clock;
  // Tests may finish on several threads when the engine runs them in parallel.
  private final Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private volatile TestPlan plan;

  /** As the launcher loads it: the folder from the system property, the images under test. */
  public TestResultsWriter() {
    this(folder(System.getProperty(FOLDER_PROPERTY)).orElse(null), TestResultsWriter::imagesUnderTest,
        () -> CiRun.commit(ImageUnderTest.catalogRoot(), System.getenv()).orElse(null), System.getenv(),
        Clock.systemUTC());
  }

  /** {@code folder} null: inactive. */
  TestResultsWriter(Path folder, Supplier<List<Image>> images, Supplier<String> commit,
      Map<String, String> environment, Clock clock) {
    this.folder = folder;
    this.images = images;
    this.commit = commit;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  static Optional<Path> folder(String property) {
    return property == null || property.isBlank()
        ? Optional.empty() : Optional.of(Path.of(property).toAbsolutePath().normalize());
  }

  boolean active() {
    return folder != null;
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    outcomes.clear();
  }

  @Override
  public void executionSkipped(TestIdentifier identifier, String reason) {
    if (!active()) {
      return;
    }
    // A skipped container (a @Disabled class) reports none of its tests: it stands for them.
    record(identifier, Status.SKIPPED);
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    if (!active()) {
      return;
    }
    Status status = switch (result.getStatus()) {
      case SUCCESSFUL -> Status.PASSED;
      case FAILED -> Status.FAILED;
      case ABORTED -> Status.SKIPPED;
    };
    // A container that fails (a @BeforeAll, a parameter source) runs none of its tests: recorded
    // as itself, or an image's record would look clean without those tests.
    if (identifier.isTest() || status != Status.PASSED) {
      record(identifier, status);
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (!active()) {
      return;
    }
    List<TestResult> records = TestResults.records(images.get(), List.copyOf(outcomes),
        commit.get(), CiRun.url(environment).orElse(null), clock.instant());
    records.forEach(record -> TestResults.write(folder, record));
    System.out.println("test results: " + records.size() + " image digests written to " + folder);
  }

  private void record(TestIdentifier identifier, Status status) {
    outcomes.add(new Outcome(name(identifier), displayNames(identifier), status));
  }

  /**
   * {@code Class.method}, or {@code Class.method[display name]} for an invocation of a
   * parameterized (or dynamic) test, whose parent is the method; else what reports call it.
   */
  private String name(TestIdentifier identifier) {
    Optional<MethodSource> parent = plan.getParent(identifier).flatMap(TestIdentifier::getSource)
        .filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
    if (parent.isPresent()) {
      return className(parent.get().getClassName()) + "." + parent.get().getMethodName()
          + "[" + identifier.getDisplayName() + "]";
    }
    TestSource source = identifier.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      return className(method.getClassName()) + "." + method.getMethodName();
    }
    if (source instanceof ClassSource type) {
      return className(type.getClassName());
    }
    return identifier.getLegacyReportingName();
  }

  /** Without the package; a nested class keeps its outer one ({@code Outer$Inner}) to stay unique. */
  private static String className(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  /** Its own display name and its ancestors': the image may be named at any level. */
  private List<String> displayNames(TestIdentifier identifier) {
    List<String> names = new ArrayList<>();
    for (Optional<TestIdentifier> at = Optional.of(identifier); at.isPresent(); at = at.flatMap(plan::getParent)) {
      names.add(at.get().getDisplayName());
    }
    return names;
  }

  /** Every image under test with the digest its lock pins; one without a lock gets no record. */
  static List<Image> imagesUnderTest() {
    List<Image> images = new ArrayList<>();
    ImageUnderTest.all().forEach(image -> {
      try {
        images.add(new Image(image.reference(), image.lock().pins(image.arch()).digest(), image.name(),
            image.definition().variantName(), image.arch().debian()));
      } catch (RuntimeException e) {
        System.err.println("test results: no record for " + image + ": " + e.getMessage());
      }
    });
    return images;
  }
}

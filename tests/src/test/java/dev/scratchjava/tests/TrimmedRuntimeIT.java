package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * What the images keep although they are trimmed: each test fails if a removal took away
 * something the runtime reads (the CDS archives, line numbers, the compiler API).
 */
class TrimmedRuntimeIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#all";

  /** Images whose JDK ships a default CDS archive (Java 12 and later). */
  static Stream<ImageUnderTest> withDefaultCds() {
    return ImageUnderTest.all().filter(image -> image.java() >= 12);
  }

  /** Images whose JDK has compact object headers as a product option (Java 25 and later). */
  static Stream<ImageUnderTest> withCompactHeaders() {
    return ImageUnderTest.all().filter(image -> image.java() >= 25);
  }

  /** stderr of {@code java OPTIONS -version}; the container must exit 0. */
  private static String version(ImageUnderTest image, String... options) {
    List<String> command = new ArrayList<>(List.of(options));
    command.add("-version");
    try (GenericContainer<?> java =
        new GenericContainer<>(DockerImageName.parse(image.reference()))
            .withCommand(command.toArray(String[]::new))
            .withStartupCheckStrategy(
                new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      java.start();
      return java.getLogs(OutputFrame.OutputType.STDERR);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withDefaultCds")
  void mapsTheDefaultCdsArchive(ImageUnderTest image) {
    // -Xshare:on refuses to start unless the default archive is there and matches lib/modules.
    String stderr = version(image, "-Xshare:on");
    assertTrue(stderr.contains("sharing"), stderr);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void startsQuietlyWithoutCompressedOops(ImageUnderTest image) {
    String stderr = version(image, "-XX:-UseCompressedOops");
    assertTrue(stderr.contains("version \""), stderr);
    assertFalse(stderr.toLowerCase().contains("warning"), stderr);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withCompactHeaders")
  void mapsTheCompactHeadersCdsArchive(ImageUnderTest image) {
    String stderr = version(image, "-XX:+UseCompactObjectHeaders", "-Xshare:on");
    assertTrue(stderr.contains("sharing"), stderr);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void keepsLineNumbersInJdkStackFrames(ImageUnderTest image) {
    String frame = Probes.run(image, "trace").get("frame");
    assertTrue(frame.matches("(java\\.base/)?java\\.lang\\.NumberFormatException\\.\\w+\\(NumberFormatException\\.java:\\d+\\)"),
        frame);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void compilesInProcessWhereTheJdkHasACompiler(ImageUnderTest image) {
    Map<String, String> compiled = Probes.run(image, "compile");
    if (image.java() == 8) {
      // Java 8's JRE never had javac (it lived in the JDK's tools.jar).
      assertEquals("absent", compiled.get("compiler"));
    } else {
      assertEquals("0", compiled.get("status"), compiled.toString());
      assertEquals("compiled", compiled.get("result"));
    }
  }
}

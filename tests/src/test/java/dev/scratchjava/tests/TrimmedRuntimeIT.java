package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the images keep although they are trimmed: each test fails if a removal took away
 * something the runtime reads (the CDS archives, line numbers, the compiler API). Read from the
 * image's one facts run (see {@link ImageFacts}).
 */
class TrimmedRuntimeIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#runtimes";

  // The two filtered sources may be empty when catalog.images names only older images: then those
  // tests have nothing to check, which is no configuration error.

  /**
   * Images with a default CDS archive: the JDK's from Java 12 on, the one the lock dumped before
   * (Java 11). Java 8's server VM maps one only when asked, so its image has none.
   */
  static Stream<ImageUnderTest> withDefaultCds() {
    return ImageUnderTest.runtimes().filter(image -> image.java() >= 9);
  }

  /** Images whose JDK has compact object headers as a product option (Java 25 and later). */
  static Stream<ImageUnderTest> withCompactHeaders() {
    return ImageUnderTest.runtimes().filter(image -> image.java() >= 25);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("withDefaultCds")
  void mapsTheDefaultCdsArchive(ImageUnderTest image) {
    // -Xshare:on refuses to start unless the default archive is there and matches lib/modules;
    // the plain -version, as users start the JVM, maps it too.
    String stderr = ImageFacts.of(image).run("cds").succeeded().stderr();
    assertTrue(stderr.contains("sharing"), stderr);
    String version = ImageFacts.of(image).run("version").succeeded().stderr();
    assertTrue(version.contains(", sharing)"), version);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void startsQuietlyWithoutCompressedOops(ImageUnderTest image) {
    ImageFacts.of(image).run("no-compressed-oops").assertPrintedTheVersionWithoutWarnings();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("withCompactHeaders")
  void mapsTheCompactHeadersCdsArchive(ImageUnderTest image) {
    String stderr = ImageFacts.of(image).run("compact-headers-cds").succeeded().stderr();
    assertTrue(stderr.contains("sharing"), stderr);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void keepsLineNumbersInJdkStackFrames(ImageUnderTest image) {
    String frame = ImageFacts.of(image).get("frame");
    assertTrue(frame.matches("(java\\.base/)?java\\.lang\\.NumberFormatException\\.\\w+\\(NumberFormatException\\.java:\\d+\\)"),
        frame);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void compilesInProcessWhereTheJdkHasACompiler(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    if (image.java() == 8) {
      // Java 8's JRE never had javac (it lived in the JDK's tools.jar).
      assertEquals("absent", facts.get("compiler"));
    } else {
      assertEquals("0", facts.get("status"), "in-process compile");
      assertEquals("compiled", facts.get("result"));
    }
  }
}

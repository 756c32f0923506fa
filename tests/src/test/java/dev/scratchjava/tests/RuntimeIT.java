package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the Java runtime sees inside each image: user, architecture, locale, zones, CAs. Read from
 * the image's one facts run (see {@link ImageFacts} and Probe.facts for the options of each run).
 */
class RuntimeIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#runtimes";

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void runsAsNonRootByDefault(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    assertEquals("65532", facts.get("uid"), "effective uid");
    assertEquals("65532", facts.get("gid"), "effective gid");
    assertEquals("nonroot", facts.get("user.name"));
    assertEquals("/home/nonroot", facts.get("user.home"));
    assertEquals("/home/nonroot", facts.get("user.dir"), "working directory");
    assertEquals("true", facts.get("writes.home"), "a file under user.home");
    assertEquals("true", facts.get("writes.relative"), "a file at a relative path");
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void startsWithoutWarnings(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    facts.run("version").assertPrintedTheVersionWithoutWarnings();
    // Started by the entrypoint under limits: nothing on stderr but the note JAVA_TOOL_OPTIONS causes.
    List<String> printed = facts.stderr().lines()
        .filter(line -> !line.equals("Picked up JAVA_TOOL_OPTIONS: -Dprobe.flag=on")).toList();
    assertEquals(List.of(), printed, "the facts container's stderr");
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void runsTheArchitectureOfItsTag(ImageUnderTest image) {
    assertEquals(image.javaArch(), ImageFacts.of(image).get("os.arch"));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void defaultsToUtf8(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    assertAll(
        () -> assertEquals("UTF-8", facts.get("file.encoding"), "file.encoding"),
        () -> assertEquals("UTF-8", facts.get("sun.jnu.encoding"), "sun.jnu.encoding"),
        () -> assertEquals("UTF-8", facts.get("default.charset"), "default charset"),
        () -> {
          // native.encoding exists from Java 17 on; before that the property is absent.
          if (image.java() >= 17) {
            assertEquals("UTF-8", facts.get("native.encoding"), "native.encoding");
          }
        });
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void printsUmlautsUnchangedOnStdout(ImageUnderTest image) {
    // The probe writes this line through System.out in the default charset.
    assertEquals("Grüße ÄÖÜ €", ImageFacts.of(image).get("text"));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void formatsTheGermanWayWithUserLanguageAndCountry(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    ImageFacts.Run german = facts.run("german").succeeded();
    assertEquals("1.234.567,891", german.get("number"));
    assertEquals("1. März 2024", german.get("date"));
    assertEquals("1,234,567.891", facts.get("number"), "without options: English formats");
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void defaultsToUtc(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    String zone = facts.get("zone");
    assertEquals("Z", facts.get("offset"), "offset in July; zone " + zone);
    assertEquals("UTC", zone);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void knowsTheContentTypesOfCommonFileNames(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    assertEquals("application/json", facts.get("type.json"));
    assertEquals("image/png", facts.get("type.png"));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void honoursTheTzVariable(ImageUnderTest image) {
    // Offsets in January, when none of these zones keeps summer time.
    Map<String, String> expected =
        Map.of("Europe/Berlin", "+01:00", "Asia/Kolkata", "+05:30", "America/St_Johns", "-03:30");
    ImageFacts facts = ImageFacts.of(image);
    expected.forEach(
        (zone, offset) -> {
          ImageFacts.Run seen = facts.run("tz." + zone).succeeded();
          assertEquals(zone, seen.get("zone"));
          assertEquals(offset, seen.get("offset"), zone);
        });
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void resolvesHostNamesFromEtcHosts(ImageUnderTest image) {
    String address = ImageFacts.of(image).get("address");
    assertTrue(List.of("127.0.0.1", "0:0:0:0:0:0:0:1").contains(address), "localhost is " + address);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void trustsTheDebianCaSet(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    int trusted = Integer.parseInt(facts.get("trusted"));
    assertTrue(trusted > 100, "trusted CAs: " + trusted);
    assertEquals(facts.get("bundle"), facts.get("trusted"), "PEM bundle and truststore agree");
  }
}

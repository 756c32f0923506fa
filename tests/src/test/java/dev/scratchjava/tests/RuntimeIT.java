package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/** What the Java runtime sees inside each image: user, architecture, locale, zones, CAs. */
class RuntimeIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#all";

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void runsAsNonRootByDefault(ImageUnderTest image) {
    Map<String, String> identity = Probes.run(image, "identity");
    assertEquals("65532", identity.get("uid"), "effective uid");
    assertEquals("65532", identity.get("gid"), "effective gid");
    assertEquals("/home/nonroot", identity.get("user.home"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void startsWithoutWarnings(ImageUnderTest image) {
    try (GenericContainer<?> java =
        new GenericContainer<>(DockerImageName.parse(image.reference()))
            .withCommand("-version")
            .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      java.start();
      String stderr = java.getLogs(OutputFrame.OutputType.STDERR);
      assertTrue(stderr.contains("version \""), stderr);
      assertFalse(stderr.toLowerCase().contains("warning"), "the JVM warns at start:\n" + stderr);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void runsTheArchitectureOfItsTag(ImageUnderTest image) {
    assertEquals(image.javaArch(), Probes.run(image, "identity").get("os.arch"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void defaultsToUtf8(ImageUnderTest image) {
    Map<String, String> encoding = Probes.run(image, "encoding");
    assertAll(
        () -> assertEquals("UTF-8", encoding.get("file.encoding"), "file.encoding"),
        () -> assertEquals("UTF-8", encoding.get("sun.jnu.encoding"), "sun.jnu.encoding"),
        () -> assertEquals("UTF-8", encoding.get("default.charset"), "default charset"),
        () -> {
          // native.encoding exists from Java 17 on; before that the property is absent.
          if (image.java() >= 17) {
            assertEquals("UTF-8", encoding.get("native.encoding"), "native.encoding");
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void printsUmlautsUnchangedOnStdout(ImageUnderTest image) {
    String stdout = Probes.stdout(image, Map.of(), List.of(), "encoding");
    assertTrue(stdout.contains("text=Grüße ÄÖÜ €"), "stdout was: " + stdout);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void formatsTheGermanWayWithUserLanguageAndCountry(ImageUnderTest image) {
    Map<String, String> german =
        Probes.run(image, Map.of(), List.of("-Duser.language=de", "-Duser.country=DE"), "format");
    assertEquals("1.234.567,891", german.get("number"));
    assertEquals("1. März 2024", german.get("date"));
    Map<String, String> standard = Probes.run(image, "format");
    assertEquals("1,234,567.891", standard.get("number"), "without options: English formats");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void defaultsToUtc(ImageUnderTest image) {
    Map<String, String> zone = Probes.run(image, "zone", "2024-07-01T12:00:00Z");
    assertEquals("Z", zone.get("offset"), "offset in July; zone " + zone.get("zone"));
    assertTrue(List.of("UTC", "GMT", "Etc/UTC").contains(zone.get("zone")), zone.get("zone"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void honoursTheTzVariable(ImageUnderTest image) {
    String winter = "2024-01-15T12:00:00Z";
    Map<String, String> expected =
        Map.of("Europe/Berlin", "+01:00", "Asia/Kolkata", "+05:30", "America/St_Johns", "-03:30");
    expected.forEach(
        (zone, offset) -> {
          Map<String, String> seen = Probes.run(image, Map.of("TZ", zone), List.of(), "zone", winter);
          assertEquals(zone, seen.get("zone"));
          assertEquals(offset, seen.get("offset"), zone);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void resolvesHostNamesFromEtcHosts(ImageUnderTest image) {
    String address = Probes.run(image, "resolve", "localhost").get("address");
    assertTrue(List.of("127.0.0.1", "0:0:0:0:0:0:0:1").contains(address), "localhost is " + address);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void trustsTheDebianCaSet(ImageUnderTest image) {
    Map<String, String> trust = Probes.run(image, "truststore");
    int trusted = Integer.parseInt(trust.get("trusted"));
    assertTrue(trusted > 100, "trusted CAs: " + trusted);
    assertEquals(trust.get("bundle"), trust.get("trusted"), "PEM bundle and truststore agree");
  }
}

package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Variant;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The recipe of docs/trimmed-runtime.md, built from {@code recipes/trimmed-runtime} as it is (the
 * page shows that folder, generated): a jdk variant finds the application's modules and links a
 * runtime of them, and a base image of the same Debian release or the next one runs it. Built for
 * every jdk variant on this machine's architecture and for the newest on arm64 (emulated).
 */
class TrimmedRecipeIT {
  private static final Path RECIPE = ImageUnderTest.catalogRoot().resolve(Catalog.RECIPES).resolve("trimmed-runtime");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A jdk variant and the base its runtime runs on. */
  record Trimmed(ImageUnderTest jdk, ImageUnderTest base) {
    @Override
    public String toString() {
      return jdk + " on " + base;
    }
  }

  /**
   * The bases the recipes run on, built from their locks and loaded as the images under test
   * are: a run that tests only some images (one CI job per image) has not built them.
   */
  @BeforeAll
  static void buildTheBases() {
    recipes().map(Trimmed::base).distinct().forEach(base -> {
      CatalogRun build = CatalogRun.in(ImageUnderTest.catalogRoot(), "build", "--arch", base.arch().debian(), base.name());
      assertEquals(0, build.status(), build.printed());
    });
  }

  static Stream<Trimmed> recipes() {
    List<ImageUnderTest> jdks = ImageUnderTest.variants().filter(image -> image.definition().variant().equals(Variant.JDK)).toList();
    Stream<ImageUnderTest> host = jdks.stream().filter(ImageUnderTest::onThisMachine);
    Stream<ImageUnderTest> foreign = jdks.stream().filter(image -> !image.onThisMachine())
        .max(Comparator.comparing(ImageUnderTest::java)).stream();
    return Stream.concat(host, foreign).map(jdk -> new Trimmed(jdk, baseFor(jdk)));
  }

  private static ImageUnderTest baseFor(ImageUnderTest jdk) {
    return ImageUnderTest.catalog().baseFor(jdk.definition(), jdk.arch())
        .map(definition -> new ImageUnderTest(definition, jdk.arch()))
        .orElseThrow(() -> new AssertionError("no base image for " + jdk));
  }

  private static ImageFromDockerfile build(Trimmed trimmed) {
    ImageFromDockerfile image = new ImageFromDockerfile(
        "scratchjava-trimmed-" + trimmed.jdk().definition().id() + "-" + trimmed.jdk().arch(), false);
    try (Stream<Path> files = Files.list(RECIPE)) {
      files.forEach(file -> image.withFileFromPath(file.getFileName().toString(), file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return image
        .withFileFromPath("app.jar", Programs.jar(trimmed.jdk().java(), "TrimmedApp"))
        .withBuildArg("JDK", trimmed.jdk().reference())
        .withBuildArg("BASE", trimmed.base().reference());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("recipes")
  void runsTheAppOnItsOwnRuntimeAsTheImagesUserWithItsCasAndNoShell(Trimmed trimmed) throws Exception {
    ImageFromDockerfile built = build(trimmed);
    try (GenericContainer<?> app = new GenericContainer<>(built)
        .withExposedPorts(8080)
        .waitingFor(Wait.forLogMessage(".*listening on 8080.*", 1).withStartupTimeout(Duration.ofMinutes(3)))) {
      app.start();
      URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/");
      String facts = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()),
              response -> response.statusCode() == 200).body();
      Path bundle = Files.createTempFile("ca-certificates", ".crt");
      app.copyFileFromContainer("/etc/ssl/certs/ca-certificates.crt", bundle.toString());
      long certificates = Files.readAllLines(bundle, StandardCharsets.US_ASCII).stream()
          .filter(line -> line.equals("-----BEGIN CERTIFICATE-----")).count();
      Files.delete(bundle);
      assertTrue(certificates > 100, certificates + " certificates in the base's bundle");
      String frame = facts.substring(facts.indexOf("frame=") + "frame=".length()).strip();
      assertTrue(frame.matches("(java\\.base/)?java\\.lang\\.NumberFormatException\\.\\w+\\(NumberFormatException\\.java:\\d+\\)"),
          "JDK frames keep their line numbers: " + frame);
      assertEquals(String.join("\n",
          "uid=65532",
          "file.encoding=UTF-8",
          "sun.jnu.encoding=UTF-8",
          "zone=UTC",
          "trusted=" + certificates,
          "java.home=/opt/java",
          "frame=" + frame,
          ""), facts);
      assertEquals("", app.getLogs(OutputFrame.OutputType.STDERR), "the baked-in options print nothing at start");
      assertEquals(List.of(), writableOrNotRoots(app, "/opt/java"), "the runtime, owned by root and read-only to the user");
      assertEquals(List.of(), writableOrNotRoots(app, "/app"), "the application, owned by root and read-only to the user");
      String reference = built.get();
      String modules = run(reference, "/opt/java/bin/java", "--list-modules");
      assertTrue(modules.contains("java.base@") && modules.contains("jdk.httpserver@"), modules);
      assertFalse(modules.contains("java.desktop@"), "a runtime of the app's modules only:\n" + modules);
      // -Xshare:on refuses to start unless the archive the recipe made is there and matches.
      String version = run(reference, "/opt/java/bin/java", "-Xshare:on", "-version");
      assertTrue(version.contains("sharing"), version);
      String shell = NoShellIT.start(reference, "/bin/sh", "-c", "true");
      assertTrue(shell.contains("no such file or directory"), shell);
    }
  }

  /** The paths below {@code folder} that are not root's or that others than root may write. */
  private static List<String> writableOrNotRoots(GenericContainer<?> container, String folder) throws IOException {
    List<String> findings = new ArrayList<>();
    try (InputStream tar = container.getDockerClient().copyArchiveFromContainerCmd(container.getContainerId(), folder).exec();
        TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
      for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        if (entry.getLongUserId() != 0 || entry.getLongGroupId() != 0
            || !entry.isSymbolicLink() && (entry.getMode() & 022) != 0) {
          findings.add(String.format("%s %d:%d %o", entry.getName(), entry.getLongUserId(), entry.getLongGroupId(), entry.getMode() & 07777));
        }
      }
    }
    return findings;
  }

  /** What a one-off container of the image prints with this entrypoint, stdout and stderr. */
  private static String run(String reference, String... entrypoint) {
    try (GenericContainer<?> once = new GenericContainer<>(reference)
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(entrypoint))
        .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      once.start();
      return once.getLogs(OutputFrame.OutputType.STDOUT) + once.getLogs(OutputFrame.OutputType.STDERR);
    }
  }
}

package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.HostConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/** How the images behave under the ways containers are really run: other users, limits, read-only. */
class ContainerContractIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#runtimes";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final long MIB = 1024 * 1024;

  /** Starts the downstream HTTP app with extra settings and returns what it answered. */
  private static String appAnswer(ImageUnderTest image, Consumer<GenericContainer<?>> settings) {
    try (GenericContainer<?> app =
        new GenericContainer<>(DownstreamAppIT.appImage(image))
            .withExposedPorts(8080)
            .waitingFor(Wait.forLogMessage(".*listening on 8080.*", 1).withStartupTimeout(Duration.ofMinutes(2)))) {
      settings.accept(app);
      app.start();
      URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/");
      return await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()),
              r -> r.statusCode() == 200)
          .body();
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void servesUnderAnArbitraryUidInGroupZero(ImageUnderTest image) {
    String answer = appAnswer(image, app -> app.withCreateContainerCmdModifier(cmd -> cmd.withUser("1000770000:0")));
    assertEquals("uid=1000770000\n", answer);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void servesFromAReadOnlyRootFileSystem(ImageUnderTest image) {
    String answer =
        appAnswer(image, app -> app.withCreateContainerCmdModifier(cmd -> {
          HostConfig host = cmd.getHostConfig();
          host.withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=64m"));
        }));
    assertEquals("uid=65532\n", answer);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void givesAnArbitraryUidANameAWritableHomeAndAWritableWorkingDirectory(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image, ImageFacts.Setting.ARBITRARY_UID);
    assertAll(
        () -> assertEquals("1000770000", facts.get("uid"), "effective uid"),
        () -> assertEquals("0", facts.get("gid"), "effective gid"),
        // Java 8 to 17 report "?" for a UID without a passwd entry, and a home of "?" too.
        () -> assertEquals("uid-1000770000", facts.get("user.name"), "user.name"),
        () -> assertEquals("/home/nonroot", facts.get("user.home"), "user.home"),
        () -> assertEquals("/home/nonroot", facts.get("user.dir"), "working directory"),
        () -> assertEquals("true", facts.get("writes.home"), "a file under user.home"),
        () -> assertEquals("true", facts.get("writes.relative"), "a file at a relative path"));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void printsNothingOnStderrAsAnArbitraryUidEvenOnAReadOnlyRoot(ImageUnderTest image) {
    // The probe draws text and lists fonts too: fontconfig must find somewhere to put its cache.
    for (ImageFacts.Setting setting :
        List.of(ImageFacts.Setting.ARBITRARY_UID, ImageFacts.Setting.ARBITRARY_UID_READ_ONLY)) {
      assertEquals("", ImageFacts.of(image, setting).stderr(), setting + ": stderr");
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void runsAsNobodyByName(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image, ImageFacts.Setting.NOBODY);
    assertEquals(List.of("65534", "65534"), List.of(facts.get("uid"), facts.get("gid")), "--user nobody");
    assertEquals("nobody", facts.get("user.name"));
  }

  // The limit checks read the image's facts run: its container has --memory 1024m, one CPU and
  // JAVA_TOOL_OPTIONS=-Dprobe.flag=on (see ImageFacts), and starts the probe through the entrypoint.

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void givesTheHeapThreeQuartersOfTheMemoryLimitUnlessToldOtherwise(ImageUnderTest image) {
    ImageFacts facts = ImageFacts.of(image);
    // Runtime.maxMemory leaves out one survivor space: a little under 768 MiB.
    long heap = Long.parseLong(facts.get("max.heap"));
    assertTrue(heap > 700 * MIB && heap <= 768 * MIB, "max heap under 1 GiB, as the entrypoint starts the JVM: "
        + heap / MIB + " MiB (the JVM's own default is a quarter)");
    // The image's defaults under MaxRAMPercentage=50.0 on the command line, in JAVA_TOOL_OPTIONS,
    // and from Java 9 on in JDK_JAVA_OPTIONS.
    List<String> overrides = image.java() >= 9
        ? List.of("half-heap", "half-heap-tool-options", "half-heap-jdk-options")
        : List.of("half-heap", "half-heap-tool-options");
    for (String run : overrides) {
      long half = Long.parseLong(facts.run(run).succeeded().get("max.heap"));
      assertTrue(half > 450 * MIB && half <= 512 * MIB, run + ": " + half / MIB + " MiB");
    }
    // With 64 GiB, three quarters would be past what compressed oops address, and the JVM would
    // give them up, and with them the CDS archives made with them: the heap stops below 32 GiB.
    ImageFacts.Run large = facts.run("large-memory").succeeded();
    assertEquals("true", large.get("compressed.oops"), "UseCompressedOops with 64 GiB");
    long capped = Long.parseLong(large.get("max.heap"));
    assertTrue(capped > 16L * 1024 * MIB && capped < 32L * 1024 * MIB, "max heap with 64 GiB: " + capped / MIB + " MiB");
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void endsTheJvmOnOutOfMemoryErrorSoThatTheOrchestratorRestartsIt(ImageUnderTest image) {
    // A program that fills a 16 MiB heap, started with the image's defaults.
    ImageFacts.Run filled = ImageFacts.of(image).run("fill-heap");
    assertEquals(3, filled.exit(), "exit status; stderr:\n" + filled.stderr());
    // HotSpot prints it on stdout.
    assertTrue(filled.stdout().printed().contains("Terminating due to java.lang.OutOfMemoryError: Java heap space"),
        "stdout:\n" + filled.stdout().printed() + "\nstderr:\n" + filled.stderr());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void seesOneProcessorUnderACpuLimitOfOne(ImageUnderTest image) {
    assertEquals("1", ImageFacts.of(image).get("processors"));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void honoursJavaToolOptions(ImageUnderTest image) {
    assertEquals("on", ImageFacts.of(image).get("probe.flag"));
  }
}

package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A Spring Boot web app with the actuator, built with Maven from Maven Central, in an image built
 * FROM ours: it reports itself UP as the default user, and as an arbitrary UID in group 0 on a
 * read-only root file system with a tmpfs /tmp, as OpenShift runs it. Spring Boot 2.7 is the last
 * line that runs on Java 8, and its app runs on every image, so one app serves them all.
 */
class SpringBootIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final MavenProject APP = MavenProject.named("spring-boot");
  // A log level (Logback's WARN, ERROR) or a JVM warning (WARNING:) anywhere in a line.
  private static final Pattern WARNING = Pattern.compile(".*\\b(WARN|WARNING|ERROR)\\b.*");
  // Java 24 and later (JEP 472) warn when code on the class path loads a native library, which
  // Tomcat 9 (Boot 2.7's) does at start; Boot 3's Tomcat no longer does.
  private static final Pattern NATIVE_ACCESS_NOTICE = Pattern.compile("WARNING: (A restricted method in java\\.lang\\.System"
      + " has been called|java\\.lang\\.System::load has been called by org\\.apache\\.tomcat\\.jni\\.Library .*"
      + "|Use --enable-native-access=ALL-UNNAMED .*|Restricted methods will be blocked .*)");

  @BeforeAll
  static void buildTheApp() {
    APP.build("package");
  }

  /** Every image under test on amd64, and one on arm64: under emulation one start takes 40 to 100 s. */
  static Stream<ImageUnderTest> images() {
    List<ImageUnderTest> runtimes = ImageUnderTest.runtimes().toList();
    return Stream.concat(
        runtimes.stream().filter(image -> image.arch() == Architecture.AMD64),
        runtimes.stream().filter(image -> image.arch() == Architecture.ARM64).limit(1));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("images")
  void isUpAsTheDefaultUser(ImageUnderTest image) throws Exception {
    try (GenericContainer<?> app = app(image)) {
      assertUp(app, image);
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("images")
  void isUpAsAnArbitraryUidInGroupZeroOnAReadOnlyRootFileSystem(ImageUnderTest image) throws Exception {
    try (GenericContainer<?> app =
        app(image)
            .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=64m"))
            .withCreateContainerCmdModifier(cmd -> {
              cmd.withUser("1000770000:0");
              cmd.getHostConfig().withReadonlyRootfs(true);
            })) {
      assertUp(app, image);
    }
  }

  private static GenericContainer<?> app(ImageUnderTest image) {
    ImageFromDockerfile built =
        new ImageFromDockerfile("scratchjava-spring-boot-" + image.definition().id() + "-" + image.arch(), false)
            .withFileFromPath("app.jar", APP.file("target/app.jar"))
            .withDockerfileFromBuilder(dockerfile ->
                dockerfile.from(image.reference()).copy("app.jar", "/app/app.jar").cmd("-jar", "/app/app.jar").build());
    return new GenericContainer<>(built)
        .withExposedPorts(8080)
        // The banner: the JVM runs the app. Readiness is awaited in assertUp, which can still read
        // the log when the app ends instead (Testcontainers removes a container that fails its wait).
        .waitingFor(Wait.forLogMessage(".*:: Spring Boot ::.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
  }

  /** Starts the app and checks, on that one container, what its actuator and its log say. */
  private static void assertUp(GenericContainer<?> app, ImageUnderTest image) throws Exception {
    app.start();
    // Tomcat listens only once the app has started, so its first answer is the one to check.
    HttpResponse<String> health =
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
            .ignoreExceptionsInstanceOf(IOException.class)
            .until(() -> {
              assertTrue(app.isRunning(), () -> "the app ended before it answered; its log:\n" + app.getLogs());
              return get(app, "/actuator/health");
            }, Objects::nonNull);
    assertEquals(200, health.statusCode(), "/actuator/health: " + health.body());
    assertEquals("UP", Json.MAPPER.readTree(health.body()).path("status").asText(), "health: " + health.body());
    HttpResponse<String> info = get(app, "/actuator/info");
    assertEquals(image.javaArch(), Json.MAPPER.readTree(info.body()).path("os").path("arch").asText(),
        "os.arch in /actuator/info: " + info.body());
    List<String> warnings = app.getLogs().lines()
        .filter(line -> WARNING.matcher(line).matches() && !NATIVE_ACCESS_NOTICE.matcher(line).matches())
        .toList();
    assertEquals(List.of(), warnings, "warnings and errors in the app's log:\n" + app.getLogs());
  }

  private static HttpResponse<String> get(GenericContainer<?> app, String path) throws Exception {
    URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + path);
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}

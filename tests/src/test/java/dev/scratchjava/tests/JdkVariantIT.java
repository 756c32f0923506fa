package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scratchjava.catalog.Variant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The jdk variant as a build stage: its compiler and jar tool run from {@code RUN} in exec form,
 * as the non-root user, with nothing but the image, and what they make runs. jdeps and jlink are
 * run by the trimmed-runtime recipe ({@link TrimmedRecipeIT}).
 */
class JdkVariantIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The jdk variants on this machine's architecture (the recipe runs one under emulation). */
  static Stream<ImageUnderTest> jdkVariants() {
    return ImageUnderTest.variants().filter(image -> image.definition().variant().equals(Variant.JDK))
        .filter(ImageUnderTest::onThisMachine);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("jdkVariants")
  void compilesAndPackagesAnAppThatThenServesHttp(ImageUnderTest jdk) throws Exception {
    ImageFromDockerfile built =
        new ImageFromDockerfile("scratchjava-jdk-built-" + jdk.definition().id() + "-" + jdk.arch(), false)
            .withFileFromPath("App.java", Programs.source("App.java"))
            .withFileFromString("Dockerfile", String.join("\n",
                "FROM " + jdk.reference(),
                "COPY App.java src/",
                // For an older Java, javac reads lib/ct.sym, which the variant keeps from Java 21 on.
                "RUN [\"javac\", " + (jdk.java() >= 21 ? "\"--release\", \"11\", " : "") + "\"-d\", \"classes\", \"src/App.java\"]",
                "RUN [\"jar\", \"--create\", \"--file\", \"app.jar\", \"--main-class\", \"App\", \"-C\", \"classes\", \".\"]",
                "CMD [\"-jar\", \"app.jar\"]",
                ""));
    try (GenericContainer<?> app =
        new GenericContainer<>(built)
            .withExposedPorts(8080)
            .waitingFor(Wait.forLogMessage(".*listening on 8080.*", 1).withStartupTimeout(Duration.ofMinutes(2)))) {
      app.start();
      URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/");
      HttpResponse<String> response = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()),
              r -> r.statusCode() == 200);
      assertEquals("uid=65532\n", response.body(), "built and run by the non-root user");
    }
  }
}

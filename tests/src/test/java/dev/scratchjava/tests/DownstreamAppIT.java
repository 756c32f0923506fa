package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A user's app in an image built FROM ours with the engine: it serves HTTP as the non-root user
 * through a mapped port, and stops cleanly on SIGTERM, running its shutdown hooks.
 */
class DownstreamAppIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#runtimes";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static ImageFromDockerfile appImage(ImageUnderTest image) {
    return new ImageFromDockerfile("scratchjava-app-" + image.definition().id() + "-" + image.arch(), false)
        .withFileFromPath("app.jar", Programs.appJar(image.java()))
        .withDockerfileFromBuilder(
            dockerfile ->
                dockerfile
                    .from(image.reference())
                    .copy("app.jar", "/app/app.jar")
                    .cmd("-jar", "/app/app.jar")
                    .build());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void servesHttpAsNonRootAndStopsOnSigterm(ImageUnderTest image) throws Exception {
    try (GenericContainer<?> app =
        new GenericContainer<>(appImage(image))
            .withExposedPorts(8080)
            .waitingFor(
                Wait.forLogMessage(".*listening on 8080.*", 1)
                    .withStartupTimeout(Duration.ofMinutes(2)))) {
      app.start();
      URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/");
      HttpResponse<String> response =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .ignoreExceptions()
              .until(
                  () -> HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()),
                  r -> r.statusCode() == 200);
      assertEquals("uid=65532\n", response.body());

      DockerClient docker = app.getDockerClient();
      docker.stopContainerCmd(app.getContainerId()).withTimeout(60).exec();
      Long exitCode = docker.inspectContainerCmd(app.getContainerId()).exec().getState().getExitCodeLong();
      assertEquals(143L, exitCode, "exit status of a JVM ended by SIGTERM (137 would be SIGKILL)");
      assertTrue(app.getLogs().contains("shutdown hook ran"), app.getLogs());
    }
  }
}

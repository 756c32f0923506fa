package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.Tags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * Publishing into a real registry on loopback (CATALOG_TEST_REGISTRY, by default
 * 127.0.0.1:5000; .ci/run starts one), and consuming what was published with the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryIT {
  private static final String REGISTRY =
      System.getenv().getOrDefault("CATALOG_TEST_REGISTRY", "127.0.0.1:5000");
  private static final String NAMESPACE = "scratchjava-tests";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Catalog catalog = ImageUnderTest.catalog();
  private final RegistryApi published = new RegistryApi(REGISTRY + "/" + NAMESPACE);
  private String firstPush;

  static Stream<String> images() {
    return ImageUnderTest.all().map(ImageUnderTest::name).distinct();
  }

  private static String push() {
    List<String> args = new ArrayList<>(List.of("push", "--registry", REGISTRY + "/" + NAMESPACE));
    images().forEach(args::add);
    CatalogRun push = CatalogRun.in(ImageUnderTest.catalogRoot(), args.toArray(String[]::new));
    assertEquals(0, push.status(), "catalog push failed:\n" + push.printed());
    return push.printed();
  }

  @BeforeAll
  void publishTheCatalog() {
    firstPush = push();
  }

  /**
   * push compares what it built with the lock before it writes anything: the immutable tag it
   * would write first could not be put right afterwards.
   */
  @Test
  void pushesNothingOfAnImageWhoseDigestDiffersFromItsLock(@TempDir Path scratch) throws Exception {
    DriftedCatalog drifted = DriftedCatalog.in(scratch.resolve("drifted-catalog"));
    // A namespace of its own for each run: what a broken push left would stay in the registry.
    String namespace = NAMESPACE + "-drifted-" + System.currentTimeMillis();
    CatalogRun push = drifted.run("push", "--registry", REGISTRY + "/" + namespace, DriftedCatalog.NAME);
    assertNotEquals(0, push.status(), push.printed());
    Lock lock = Lock.read(drifted.root().resolve(DriftedCatalog.NAME));
    String tag = Tags.of(drifted.image().definition(), lock).immutable() + "-" + drifted.image().arch();
    assertEquals(Optional.empty(), new RegistryApi(REGISTRY + "/" + namespace).digest(DriftedCatalog.NAME, tag),
        DriftedCatalog.NAME + ":" + tag + " was pushed");
    assertTrue(push.printed().contains("nothing was pushed"), push.printed());
  }

  /** Every variant of every image under test. */
  static Stream<Definition> definitions() {
    return ImageUnderTest.all().map(ImageUnderTest::definition).distinct();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  void publishesEveryTagAsAnIndexOfItsArchitectures(Definition definition) throws Exception {
    String image = definition.repository();
    Lock lock = catalog.lock(definition);
    Tags tags = Tags.of(definition, lock);
    for (String tag : tags.multiArch()) {
      JsonNode index = published.manifest(image, tag);
      assertEquals("application/vnd.oci.image.index.v1+json", index.path("mediaType").asText(), tag);
      List<Architecture> platforms = new ArrayList<>();
      for (JsonNode entry : index.path("manifests")) {
        Architecture arch = Architecture.named(entry.path("platform").path("architecture").asText());
        platforms.add(arch);
        assertEquals(lock.pins(arch).digest(), entry.path("digest").asText(), tag + " " + arch);
      }
      assertEquals(definition.architectures(), platforms, tag);
    }
    for (Architecture arch : definition.architectures()) {
      for (String tag : tags.forArch(arch)) {
        JsonNode manifest = published.manifest(image, tag);
        assertEquals(2, manifest.path("schemaVersion").asInt(), tag);
        assertTrue(manifest.has("layers"), tag + " is one image, not an index");
      }
    }
  }

  @Test
  void pushingAgainUploadsNothing() {
    String again = push();
    images().forEach(image ->
        assertTrue(again.contains(image + ": nothing to upload"), "second push of " + image + ":\n" + again));
    assertTrue(!again.contains("uploaded "), again);
    assertTrue(firstPush.contains(": publishing to "), firstPush);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void theEnginePullsByTagAndByDigest(String image) throws Exception {
    DockerClient docker = DockerClientFactory.instance().client();
    Definition definition = catalog.definition(image);
    String repository = REGISTRY + "/" + NAMESPACE + "/" + definition.repository();
    docker.pullImageCmd(repository).withTag(definition.tag())
        .exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES);
    String indexDigest = docker.inspectImageCmd(repository + ":" + definition.tag()).exec()
        .getRepoDigests().stream().filter(d -> d.startsWith(repository + "@")).findFirst()
        .orElseThrow().substring(repository.length() + 1);
    docker.pullImageCmd(repository + "@" + indexDigest)
        .exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES);
    assertEquals(
        docker.inspectImageCmd(repository + ":" + definition.tag()).exec().getId(),
        docker.inspectImageCmd(repository + "@" + indexDigest).exec().getId());
  }

  static Stream<String> imagesWithArm64() {
    return ImageUnderTest.withJava().filter(image -> image.arch() == Architecture.ARM64).map(ImageUnderTest::name).distinct();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("imagesWithArm64")
  void runsTheArm64ImageOfTheMultiArchTag(String image) throws Exception {
    Definition definition = catalog.definition(image);
    String reference = REGISTRY + "/" + NAMESPACE + "/" + image + ":" + definition.java();
    DockerClientFactory.instance().client().pullImageCmd(reference).withPlatform("linux/arm64")
        .exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES);
    try (GenericContainer<?> java =
        new GenericContainer<>(reference)
            .withCommand("-XshowSettings:properties", "-version")
            .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      java.start();
      String settings = java.getLogs(OutputFrame.OutputType.STDERR);
      assertTrue(settings.contains("os.arch = " + Architecture.ARM64.java()), settings);
    }
  }

  static Stream<String> imagesWithJava() {
    return ImageUnderTest.runtimes().map(ImageUnderTest::name).distinct();
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("imagesWithJava")
  void buildsADownstreamImageFromTheRegistry(String image) throws Exception {
    Definition definition = catalog.definition(image);
    String base = REGISTRY + "/" + NAMESPACE + "/" + image + ":" + definition.java();
    // The arm64 test may have left the arm64 image under this name: take this machine's again.
    DockerClientFactory.instance().client().pullImageCmd(base)
        .exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES);
    ImageFromDockerfile app =
        new ImageFromDockerfile("scratchjava-registry-app-" + image, false)
            .withFileFromPath("app.jar", Programs.appJar(definition.java()))
            .withDockerfileFromBuilder(
                dockerfile -> dockerfile.from(base).copy("app.jar", "/app/app.jar").cmd("-jar", "/app/app.jar").build());
    try (GenericContainer<?> container =
        new GenericContainer<>(app)
            .withExposedPorts(8080)
            .waitingFor(Wait.forLogMessage(".*listening on 8080.*", 1).withStartupTimeout(Duration.ofMinutes(2)))) {
      container.start();
      URI uri = URI.create("http://" + container.getHost() + ":" + container.getMappedPort(8080) + "/");
      HttpResponse<String> response =
          await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
              .until(() -> HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()),
                  r -> r.statusCode() == 200);
      assertEquals("uid=65532\n", response.body());
    }
  }
}

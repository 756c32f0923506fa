package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.rootfs.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

/**
 * The start-up cache recipes of docs/start-up.md, built from their folders as they are (the page shows
 * them, generated). The application caches, around a Spring Boot web app: the training run needs
 * nothing but the image, the app answers from its own cache (the JVM is told to refuse to start
 * without it), and a cache made by another runtime is refused with a reason while the app still
 * starts. The JDK's own archive for Java 8 ({@code jdk-cds}). Built on this machine's
 * architecture only: under emulation a training run takes minutes.
 */
class AppCacheRecipeIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** Spring Boot 4 (Java 17 and later), from the benchmark, which measures the same recipes. */
  private static final MavenProject SPRING_WEB =
      new MavenProject(ImageUnderTest.catalogRoot().resolve("bench/src/main/resources/apps/spring-web"));
  private static final Path SPRING_WEB_OUTPUT = Path.of("target", "spring-web").toAbsolutePath();
  /** Spring Boot 2.7, the last line that runs on Java 11. */
  private static final MavenProject SPRING_BOOT_2 = MavenProject.named("spring-boot");
  // The class that starts every Spring Boot app: only the app's cache can hold it.
  private static final String FROM_THE_CACHE = "org.springframework.boot.SpringApplication source: shared objects file";
  // What HotSpot says when it does not take a cache: another version's, or another kind of file.
  private static final Pattern REFUSED = Pattern.compile(
      ".*\\[(info|warning)\\s*]\\[(cds|aot)\\s*] .*(shared archive file|AOT cache).*\\b(version|magic number)\\b.*");
  private static final Map<String, String> BUILT = new HashMap<>();

  /**
   * A recipe folder, the cache it leaves in the app's image, and the option that makes the JVM
   * refuse to start unless it maps that cache.
   */
  record Recipe(String folder, String cache, String required) {
    static Optional<Recipe> forJava(int java) {
      if (java >= 25) {
        return Optional.of(new Recipe("aot-cache", "/app/app.aot", "-XX:AOTMode=on"));
      }
      if (java >= 17) {
        return Optional.of(new Recipe("dynamic-cds", "/app/app.jsa", "-Xshare:on"));
      }
      if (java >= 11) {
        return Optional.of(new Recipe("class-list-cds", "/app/app.jsa", "-Xshare:on"));
      }
      return Optional.empty(); // Java 8 archives no application classes: docs/start-up.md says what it has
    }

    /** Boot 4 for the recipes that take its -Dspring.context.exit; class-list-cds names Boot 2.7's jars. */
    Path app() {
      return folder.equals("class-list-cds") ? SPRING_BOOT_2.file("target/app.jar") : SPRING_WEB_OUTPUT.resolve("app.jar");
    }
  }

  static Stream<ImageUnderTest> images() {
    return ImageUnderTest.runtimes()
        .filter(image -> image.onThisMachine() && Recipe.forJava(image.java()).isPresent());
  }

  /**
   * Where the cache of another runtime comes from: the image of the next older Java with a recipe,
   * or for the oldest the next newer; built from its lock if this run does not test it.
   */
  static ImageUnderTest otherRuntime(ImageUnderTest image) {
    Catalog catalog = ImageUnderTest.catalog();
    List<ImageUnderTest> others = catalog.images().stream()
        .flatMap(name -> catalog.definitions(name).stream())
        .filter(definition -> definition.isDefault() && definition.hasJava() && definition.architectures().contains(image.arch()))
        .map(definition -> new ImageUnderTest(definition, image.arch()))
        .filter(other -> other.java() != image.java() && Recipe.forJava(other.java()).isPresent())
        .toList();
    return others.stream().filter(other -> other.java() < image.java()).max(Comparator.comparing(ImageUnderTest::java))
        .or(() -> others.stream().min(Comparator.comparing(ImageUnderTest::java)))
        .orElseThrow(() -> new AssertionError("no other image with a recipe beside " + image));
  }

  @BeforeAll
  static void buildTheApps() {
    SPRING_WEB.build("package", "-DbuildDirectory=" + SPRING_WEB_OUTPUT);
    SPRING_BOOT_2.build("package");
  }

  /** The app-cache recipe's image for {@code image}: training included, with nothing but the image itself. */
  private static String built(ImageUnderTest image) {
    Recipe recipe = Recipe.forJava(image.java()).orElseThrow();
    return built(recipe.folder(), image, Optional.of(recipe.app()));
  }

  /** The image that {@code recipes/FOLDER} makes with IMAGE set to {@code image}, built once per run. */
  private static synchronized String built(String folder, ImageUnderTest image, Optional<Path> app) {
    return BUILT.computeIfAbsent(folder + " " + image, key -> {
      ImageFromDockerfile build = new ImageFromDockerfile(
          "scratchjava-" + folder + "-" + image.definition().id() + "-" + image.arch(), false);
      try (Stream<Path> files = Files.list(ImageUnderTest.catalogRoot().resolve(Catalog.RECIPES).resolve(folder))) {
        files.forEach(file -> build.withFileFromPath(file.getFileName().toString(), file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      app.ifPresent(jar -> build.withFileFromPath("app.jar", jar));
      return build.withBuildArg("IMAGE", image.reference()).get();
    });
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("images")
  void answersFromItsOwnCacheAsAnArbitraryUidOnAReadOnlyRoot(ImageUnderTest image) throws Exception {
    Recipe recipe = Recipe.forJava(image.java()).orElseThrow();
    try (GenericContainer<?> app = app(built(image))
        .withEnv("JAVA_TOOL_OPTIONS", recipe.required() + " -Xlog:class+load")
        .withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=64m"))
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withUser("1000770000:0");
          cmd.getHostConfig().withReadonlyRootfs(true);
        })) {
      String log = answer(app);
      assertTrue(log.contains(FROM_THE_CACHE), "with " + recipe.required() + ", Spring's classes come from the app's cache:\n" + tail(log));
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("images")
  void startsWithoutTheCacheOfAnotherRuntimeAndSaysWhy(ImageUnderTest image) throws Exception {
    Recipe recipe = Recipe.forJava(image.java()).orElseThrow();
    ImageUnderTest other = otherRuntime(image);
    if (images().noneMatch(other::equals)) {
      CatalogRun build = CatalogRun.in(ImageUnderTest.catalogRoot(), "build", "--arch", other.arch().debian(), other.name());
      assertEquals(0, build.status(), build.printed());
    }
    Path foreign = cacheOf(built(other), Recipe.forJava(other.java()).orElseThrow().cache());
    try (GenericContainer<?> app = app(built(image))
        .withCopyFileToContainer(MountableFile.forHostPath(foreign, 0444), recipe.cache())
        .withEnv("JAVA_TOOL_OPTIONS", "-Xlog:cds -Xlog:class+load")) {
      String log = answer(app);
      List<String> reasons = log.lines().filter(line -> REFUSED.matcher(line).matches()).toList();
      assertTrue(!reasons.isEmpty(), "why " + other + "'s cache is not taken:\n" + tail(log));
      // Java 21 and later say it unasked (warning); Java 11 and 17 only with -Xlog:cds (info).
      String level = image.java() >= 21 ? "[warning" : "[info";
      assertTrue(reasons.stream().anyMatch(line -> line.contains(level)), level + "] expected: " + reasons);
      assertTrue(!log.contains(FROM_THE_CACHE), "Spring's classes come from their jars");
    } finally {
      Files.delete(foreign);
    }
  }

  /** Java 8: its server VM uses the JDK's own CDS archive only when asked, so the image has none. */
  static Stream<ImageUnderTest> withoutAJdkArchive() {
    return ImageUnderTest.runtimes().filter(image -> image.onThisMachine() && image.java() < 9);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("withoutAJdkArchive")
  void givesTheJdkItsOwnArchiveWhichTheImageLacks(ImageUnderTest image) {
    String withArchive = built("jdk-cds", image, Optional.empty());
    String without = sharing(image.reference());
    assertTrue(without.startsWith("exit 1\n"), "-Xshare:on on the image itself: " + without);
    String with = sharing(withArchive);
    assertTrue(with.startsWith("exit 0\n") && with.contains(", sharing)"), "-Xshare:on on the recipe's image: " + with);
    assertEquals(Contract.USER, DockerClientFactory.instance().client().inspectImageCmd(withArchive).exec()
        .getConfig().getUser(), "the recipe gives the image its user back");
  }

  /** What {@code java -Xshare:on -version} says in {@code reference}, after "exit N". */
  private static String sharing(String reference) {
    try (GenericContainer<?> version = new GenericContainer<>(reference).withCommand("-Xshare:on", "-version")) {
      long status = RunToTheEnd.exitStatus(version);
      return "exit " + status + "\n" + version.getLogs();
    }
  }

  private static GenericContainer<?> app(String reference) {
    return new GenericContainer<>(reference)
        .withExposedPorts(8080)
        .waitingFor(Wait.forLogMessage(".*:: Spring Boot ::.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
  }

  /** Starts the app, waits for its health to answer 200 and returns all it printed. */
  private static String answer(GenericContainer<?> app) {
    app.start();
    URI uri = URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + "/actuator/health");
    HttpResponse<String> health = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> {
          assertTrue(app.isRunning(), () -> "the app ended before it answered:\n" + tail(app.getLogs()));
          return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        }, Objects::nonNull);
    assertEquals(200, health.statusCode(), "/actuator/health: " + health.body());
    return app.getLogs();
  }

  /** The file at {@code path} in {@code reference}, copied out to a temporary file. */
  private static Path cacheOf(String reference, String path) throws IOException {
    DockerClient docker = DockerClientFactory.instance().client();
    String id = docker.createContainerCmd(reference).exec().getId();
    Path copy = Files.createTempFile("cache", null);
    try (InputStream tar = docker.copyArchiveFromContainerCmd(id, path).exec();
        TarArchiveInputStream entries = new TarArchiveInputStream(tar)) {
      entries.getNextEntry();
      Files.copy(entries, copy, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  /** The last lines of a long log (class loading prints thousands). */
  private static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}

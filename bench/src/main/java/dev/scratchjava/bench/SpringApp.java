package dev.scratchjava.bench;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.support.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark's Spring Boot web app ({@value #SOURCE}) in images: plain (its extracted jar, no
 * cache) and with the application-cache recipe of docs/start-up.md (recipes/aot-cache on Java 25,
 * recipes/dynamic-cds on Java 17 and 21), on our image and on the apt baseline.
 */
final class SpringApp {
  /** The app's Maven project, read from the repository: a packaged jar cannot list a folder. */
  static final String SOURCE = "bench/src/main/resources/apps/spring-web";
  private static final Duration BUILD = Duration.ofMinutes(20);

  private final Catalog catalog;
  private final Path jar;
  private final Path scratch;

  private SpringApp(Catalog catalog, Path jar, Path scratch) {
    this.catalog = catalog;
    this.jar = jar;
    this.scratch = scratch;
  }

  /** Why {@code definition} on {@code arch} gets no Spring rows, or empty when it does. */
  static Optional<String> unsupported(Definition definition, Architecture arch) {
    if (definition.java() < 17) {
      return Optional.of("Spring Boot 4 needs Java 17 or later");
    }
    if (Architecture.host().filter(arch::equals).isEmpty()) {
      return Optional.of("not the host's architecture (under emulation one start takes minutes)");
    }
    return Optional.empty();
  }

  /** The recipe of docs/start-up.md for the image's Java: the AOT cache from Java 25, else a dynamic CDS archive. */
  static String recipe(Definition definition) {
    return definition.java() >= 25 ? "aot-cache" : "dynamic-cds";
  }

  /**
   * Builds the app's fat jar with the repository's Maven wrapper (from Maven Central), its output
   * in {@code scratch}, so that nothing is written into the repository.
   */
  static SpringApp build(Catalog catalog, Path scratch) {
    Path root = catalog.root().toAbsolutePath();
    Path output = scratch.resolve("spring-web-build");
    Processes.check(List.of(root.resolve("mvnw").toString(), "-B", "-q", "-f",
        root.resolve(SOURCE).resolve("pom.xml").toString(), "-DbuildDirectory=" + output, "package"),
        BUILD, "the Maven build of " + SOURCE);
    return new SpringApp(catalog, output.resolve("app.jar"), scratch);
  }

  /** The app, extracted as the recipes extract it, in {@code image} without a cache. */
  String plain(String image, String tag) {
    Path context = context(tag);
    copyResource("/bench/spring/plain.Dockerfile", context.resolve("Dockerfile"));
    return build(context, tag, "IMAGE=" + image);
  }

  /** The app built by the recipe into {@code image}. */
  String withRecipe(String recipe, String image, String tag) {
    Path context = context(tag);
    try {
      Files.copy(catalog.root().resolve(Catalog.RECIPES).resolve(recipe).resolve("Dockerfile"),
          context.resolve("Dockerfile"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return build(context, tag, "IMAGE=" + image);
  }

  /**
   * The baseline as our images run (their entrypoint and JVM defaults, our user and locale), with
   * java on PATH: the image the recipes are built on for the baseline columns.
   */
  static String asOurs(String baseline, String tag, Path scratch) {
    Path context = emptyContext(scratch, tag);
    copyResource("/bench/spring/baseline.Dockerfile", context.resolve("Dockerfile"));
    return build(context, tag, "BASELINE=" + baseline);
  }

  /** A build context for {@code tag} that holds the app's jar. */
  private Path context(String tag) {
    Path context = emptyContext(scratch, tag);
    try {
      Files.copy(jar, context.resolve("app.jar"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return context;
  }

  private static Path emptyContext(Path scratch, String tag) {
    Path context = scratch.resolve("spring-" + tag.replaceAll("[^A-Za-z0-9_.-]", "_"));
    try {
      return Files.createDirectories(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String build(Path context, String tag, String buildArg) {
    Processes.check(List.of("docker", "build", "--quiet", "--tag", tag, "--build-arg", buildArg,
        context.toString()), BUILD, "docker build of " + tag);
    return tag;
  }

  private static void copyResource(String name, Path target) {
    try (InputStream in = SpringApp.class.getResourceAsStream(name)) {
      Files.copy(in, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

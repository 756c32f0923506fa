package dev.scratchjava.bench;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Variant;
import dev.scratchjava.support.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The trimmed-runtime recipe of docs/trimmed-runtime.md ({@code recipes/trimmed-runtime}) built around the
 * benchmark's app: the image's jdk variant links a runtime of the app's modules, which runs on
 * the base of its Debian release.
 *
 * @param reference the built image, in Docker
 * @param base the base image it runs on
 */
record TrimmedImage(String reference, String base) {
  private static final String RECIPE = "trimmed-runtime";
  private static final Duration BUILD = Duration.ofMinutes(20);

  /** Builds it, or empty where the image has no jdk variant or no base runs its runtime. */
  static Optional<TrimmedImage> build(Catalog catalog, Definition definition, Architecture arch, Path app, Path scratch) {
    if (!catalog.family(definition.name()).variants().containsKey(Variant.JDK)) {
      return Optional.empty();
    }
    Optional<Definition> base = catalog.baseFor(definition, arch);
    if (base.isEmpty()) {
      return Optional.empty();
    }
    Definition jdk = catalog.definition(definition.name(), Variant.JDK);
    Path context = scratch.resolve("trimmed-" + definition.id() + "-" + arch);
    try {
      Files.createDirectories(context);
      try (Stream<Path> files = Files.list(catalog.root().resolve(Catalog.RECIPES).resolve(RECIPE))) {
        for (Path file : files.toList()) {
          Files.copy(file, context.resolve(file.getFileName()));
        }
      }
      writeJar(app, context.resolve("app.jar"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String reference = "scratchjava-bench-trimmed/" + definition.name() + ":" + arch.debian();
    String on = base.get().reference(arch);
    Processes.check(List.of("docker", "build", "--quiet", "--tag", reference,
        "--build-arg", "JDK=" + jdk.reference(arch), "--build-arg", "BASE=" + on, context.toString()),
        BUILD, "the trimmed-runtime recipe for " + definition.id() + " " + arch);
    return Optional.of(new TrimmedImage(reference, on));
  }

  /** The app's classes as a jar whose Main-Class is the app, as the recipe expects it. */
  private static void writeJar(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "HelloHttp");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.list(classes)) {
      for (Path file : files.sorted().toList()) {
        out.putNextEntry(new JarEntry(file.getFileName().toString()));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }
}

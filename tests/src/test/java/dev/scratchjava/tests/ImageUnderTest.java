package dev.scratchjava.tests;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One variant of one image of the catalog on one architecture, as the engine has it loaded. The
 * suite runs every test for every one of these, read from the catalog folders: a new image or
 * variant needs no new test code.
 */
record ImageUnderTest(Definition definition, Architecture arch) {

  static Path catalogRoot() {
    return Path.of(System.getProperty("catalog.root", "..")).toAbsolutePath().normalize();
  }

  static Catalog catalog() {
    return Catalog.at(catalogRoot());
  }

  /** Every variant and architecture of the images under test: those named in catalog.images, else all. */
  static Stream<ImageUnderTest> all() {
    Catalog catalog = catalog();
    String chosen = System.getProperty("catalog.images", "");
    List<String> images = chosen.isBlank() ? catalog.images() : List.of(chosen.split(","));
    return images.stream().map(String::strip)
        .flatMap(image -> catalog.definitions(image).stream())
        .flatMap(definition -> definition.architectures().stream()
            .map(arch -> new ImageUnderTest(definition, arch)));
  }

  /**
   * The default variant of each image under test, on each architecture: what depends only on the
   * runtime is tested on these, because every variant holds the default image's runtime files
   * byte for byte (InventoryIT proves it for each variant).
   */
  static Stream<ImageUnderTest> runtimes() {
    return withJava().filter(image -> image.definition().isDefault());
  }

  /** Every variant and architecture that holds a Java runtime: all but the bases. */
  static Stream<ImageUnderTest> withJava() {
    return all().filter(image -> image.definition().hasJava());
  }

  /** The variants other than the default, on each architecture. */
  static Stream<ImageUnderTest> variants() {
    return all().filter(image -> !image.definition().isDefault());
  }

  /** Whether it runs natively on this machine (the others run under emulation). */
  boolean onThisMachine() {
    return Architecture.host().filter(arch::equals).isPresent();
  }

  /** The default variant of this image on the same architecture. */
  ImageUnderTest defaultVariant() {
    return new ImageUnderTest(catalog().definition(definition.name()), arch);
  }

  String name() {
    return definition.name();
  }

  int java() {
    return definition.java();
  }

  /** The tag the build loads this architecture's image as. */
  String reference() {
    return definition.reference(arch);
  }

  /** What {@code os.arch} reports inside the image. */
  String javaArch() {
    return arch.java();
  }

  /** What the lock records for this variant. */
  Lock lock() {
    return catalog().lock(definition);
  }

  @Override
  public String toString() {
    return reference();
  }
}

package dev.scratchjava.tests;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One image of the catalog on one architecture, as the engine has it loaded. The suite runs every
 * test for every one of these, read from the catalog folders: a new image needs no new test code.
 */
record ImageUnderTest(String name, int java, String arch) {

  static Path catalogRoot() {
    return Path.of(System.getProperty("catalog.root", "..")).toAbsolutePath().normalize();
  }

  static Catalog catalog() {
    return Catalog.at(catalogRoot());
  }

  /** Every architecture of the images under test: those named in catalog.images, else all. */
  static Stream<ImageUnderTest> all() {
    Catalog catalog = catalog();
    String chosen = System.getProperty("catalog.images", "");
    List<String> images =
        chosen.isBlank()
            ? catalog.images()
            : List.of(chosen.split(","));
    return images.stream().map(String::strip).map(catalog::definition).flatMap(ImageUnderTest::of);
  }

  static Stream<ImageUnderTest> of(Definition definition) {
    return definition.architectures().stream()
        .map(arch -> new ImageUnderTest(definition.name(), definition.java(), arch));
  }

  /** The tag the build loads this architecture's image as. */
  String reference() {
    return name + ":" + java + "-" + arch;
  }

  /** What {@code os.arch} reports inside the image. */
  String javaArch() {
    return arch.equals("arm64") ? "aarch64" : arch;
  }

  @Override
  public String toString() {
    return reference();
  }
}

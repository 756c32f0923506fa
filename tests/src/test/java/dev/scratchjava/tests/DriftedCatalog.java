package dev.scratchjava.tests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Family;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the catalog with one image whose definition changed after it was locked (another
 * description, and the repository {@code drifted}, so another title label), so that it builds to
 * another digest than its lock's. Folder and repository are named {@code drifted}, so that
 * nothing it does touches a tag of the images under test.
 *
 * @param root the copy's root
 * @param image the image under test it was copied from, on this machine's architecture
 */
record DriftedCatalog(Path root, ImageUnderTest image) {
  static final String NAME = "drifted";

  static DriftedCatalog in(Path folder) throws IOException {
    Path root = Files.createDirectories(folder);
    for (String shared : List.of("releases", "keys")) {
      copyFolder(ImageUnderTest.catalogRoot().resolve(shared), root.resolve(shared));
    }
    Architecture host = Architecture.host().orElseThrow();
    ImageUnderTest image = ImageUnderTest.all().filter(one -> one.definition().isDefault() && one.arch() == host)
        .findFirst().orElseThrow(() -> new AssertionError("no image under test is built for " + host));
    Path source = ImageUnderTest.catalogRoot().resolve(image.name());
    // The lock and what it pins beside it (a CDS archive).
    Path drifted = root.resolve(NAME);
    copyFolder(source, drifted);
    // Published as itself, so that nothing it makes can be taken for the real image's.
    ObjectNode family = (ObjectNode) Json.MAPPER.readTree(source.resolve(Family.FILE).toFile());
    family.put("description", "Changed after locking: " + family.get("description").asText());
    family.put("repository", NAME);
    Files.writeString(drifted.resolve(Family.FILE), family.toPrettyString());
    return new DriftedCatalog(root, image);
  }

  /** The name and tag the drifted image would be loaded as. */
  String reference() {
    return Catalog.at(root).definition(NAME).reference(image.arch());
  }

  /** The catalog command on the copy. */
  CatalogRun run(String... args) {
    return CatalogRun.in(root, args);
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    }
  }
}

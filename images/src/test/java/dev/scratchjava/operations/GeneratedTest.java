package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.support.CatalogException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratedTest {
  @Test
  void everyGeneratedPartOfTheRepositoryIsCurrent() {
    assertEquals(
        List.of(),
        new Generated(Catalog.at(Path.of("..")), List.of()).stale(),
        "stale generated parts: run ./catalog generate and commit the result");
  }

  @Test
  void replacesOnlyTheTextBetweenTheMarkersKeepingTheirIndentation() {
    String yaml =
        "jobs:\n"
            + "    matrix:\n"
            + "      # BEGIN GENERATED images: made by ./catalog generate from the catalog folders; do not edit\n"
            + "      image: [old]\n"
            + "      # END GENERATED images\n"
            + "    steps: []\n";
    String updated =
        Generated.replace(Path.of("ci.yml"), yaml, new Generated.Part("ci.yml", "images", "image: [a, b]\n"));
    assertEquals(yaml.replace("image: [old]", "image: [a, b]"), updated);
  }

  @Test
  void namesTheMarkersAFileLacks() {
    String message =
        assertThrows(
                CatalogException.class,
                () -> Generated.replace(Path.of("README.md"), "# no markers\n",
                    new Generated.Part("README.md", "images", "x\n")))
            .getMessage();
    assertTrue(message.contains("README.md") && message.contains("BEGIN GENERATED images"), message);
  }
}

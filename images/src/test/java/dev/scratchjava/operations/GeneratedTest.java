package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.support.CatalogException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedTest {
  @Test
  void everyGeneratedPartOfTheRepositoryIsCurrent() {
    assertEquals(
        List.of(),
        new Generated(Catalog.at(Path.of("..")), Map.of()).stale(),
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

  @Test
  void writesAPartOfTheDocumentationOnThePageOfDocsThatHoldsItsMarkers(@TempDir Path root) throws Exception {
    new SmallCatalog(root);
    Files.createDirectories(root.resolve("docs/more"));
    Files.writeString(root.resolve("docs/operating.md"), "# Operating\n\n" + markers("usage") + "after\n");
    Files.writeString(root.resolve("docs/more/other.md"), "# Other, without markers\n");
    Generated generated = new Generated(Catalog.at(root), Map.of("usage", "the synopsis\n"));

    assertEquals(List.of("docs/operating.md"),
        generated.stale().stream().filter(file -> file.startsWith("docs")).toList());
    generated.write();
    assertEquals("# Operating\n\n" + markers("usage").replace("-->\n<!-- END", "-->\nthe synopsis\n<!-- END")
        + "after\n", Files.readString(root.resolve("docs/operating.md")));
    assertEquals(List.of(), generated.stale());
  }

  @Test
  void namesThePartThatNoPageHoldsAndThePagesThatBothHoldOne(@TempDir Path root) throws Exception {
    new SmallCatalog(root);
    Generated generated = new Generated(Catalog.at(root), Map.of("usage", "x\n"));
    String missing = assertThrows(CatalogException.class, generated::stale).getMessage();
    assertTrue(missing.contains("no page holds the generated part 'usage'")
        && missing.contains("BEGIN GENERATED usage"), missing);

    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/a.md"), markers("images"));
    String twice = assertThrows(CatalogException.class, generated::stale).getMessage();
    assertTrue(twice.contains("README.md and docs/a.md: both hold the generated part 'images'"), twice);
  }

  private static String markers(String name) {
    return "<!-- BEGIN GENERATED " + name + ": made by ./catalog generate from the catalog folders; do not edit -->\n"
        + "<!-- END GENERATED " + name + " -->\n";
  }
}

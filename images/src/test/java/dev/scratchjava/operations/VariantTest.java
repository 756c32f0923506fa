package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.DockerSave;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variant is data: a few lines in a definition give an image that is locked, built, tagged and
 * listed like the default one, holding the default image's files byte for byte plus its own. Shown
 * with a trivial variant of a small test image built from .deb files the test makes.
 */
class VariantTest {
  @TempDir Path root;

  private static Map<String, String> files(Path tar) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (DockerSave image = DockerSave.open(tar)) {
      image.forEachEntry((path, entry, content) -> {
        if (entry.isFile()) {
          files.put(path, Hashing.sha256(content.readAllBytes()));
        }
      });
    }
    return files;
  }

  @Test
  void aLayerChangedInJibsCacheFailsTheBuildAndLeavesNoTar() throws Exception {
    SmallCatalog small = new SmallCatalog(root);
    Workspace workspace = small.workspace();
    Path tar = new Build(workspace).run(Selection.all(), false).images().get(0).tar();
    Files.delete(tar);
    // The same length, other bytes: what a damaged disk or a tampering neighbour leaves.
    Path blob;
    try (Stream<Path> files = Files.walk(small.cache())) {
      blob = files.filter(file -> file.toString().contains("/layers/") && Files.isRegularFile(file))
          .max(Comparator.comparingLong(file -> file.toFile().length())).orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(blob, bytes);

    String message = assertThrows(CatalogException.class, () -> new Build(workspace).run(Selection.all(), false))
        .getMessage();
    assertTrue(message.contains("layer"), message);
    assertFalse(Files.exists(tar), "a tar with the damaged layer was left in place");
  }

  @Test
  void aVariantIsLockedBuiltTaggedAndListedLikeTheDefaultImage() throws Exception {
    SmallCatalog small = new SmallCatalog(root);
    Catalog catalog = small.catalog();
    Workspace workspace = small.workspace();

    Build.Report first = new Build(workspace).run(Selection.all(), false);
    assertEquals(2, first.images().size(), "the default image and its variant");
    assertEquals(ExitStatus.DIGEST_DIFFERS, first.status(), "the lock does not have their digests yet");
    Map<String, String> digests = new HashMap<>();
    first.images().forEach(one -> digests.put(one.recipe().definition().id(), one.digest()));
    assertNotEquals(digests.get("java17"), digests.get("java17-tools"));
    small.lock(digests);
    assertEquals(ExitStatus.OK, new Build(workspace).run(Selection.all(), false).status());

    BuiltImage plain = first.images().get(0);
    BuiltImage tools = first.images().get(1);
    assertEquals("java17-tools", tools.recipe().definition().id());
    Map<String, String> plainFiles = files(plain.tar());
    Map<String, String> toolsFiles = files(tools.tar());
    List<String> changed = new ArrayList<>();
    plainFiles.forEach((path, hash) -> {
      if (!hash.equals(toolsFiles.get(path))) {
        changed.add(path);
      }
    });
    assertEquals(List.of(), changed, "the default image's files, byte for byte, in the variant");
    assertTrue(toolsFiles.containsKey("usr/bin/tool") && !plainFiles.containsKey("usr/bin/tool"));

    new Generated(catalog, Map.of()).write();
    String readme = Files.readString(root.resolve("README.md"));
    assertTrue(readme.contains("| java17 tools | 17.0.1 | jre 1.0-1 |") && readme.contains("`17-tools`")
        && readme.contains("`17.0.1-tools`"), readme);
  }
}

package dev.scratchjava.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.CdsArchive;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CDS archive reaches a build only as the lock pins it, for the runtime the lock pins. */
class RecipeTest {
  private static final byte[] ARCHIVE = "an archive".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private Recipe.StoredArchive stored(byte[] gzipped) throws IOException {
    CdsArchive locked = new CdsArchive("usr/lib/jvm/jre/lib/server/classes.jsa", ARCHIVE.length,
        Hashing.sha256(ARCHIVE), "b".repeat(64));
    Path file = dir.resolve(locked.fileName(Architecture.AMD64));
    Files.write(file, gzipped);
    return new Recipe.StoredArchive(locked, file, "java11");
  }

  private static byte[] gzip(byte[] content) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  @Test
  void givesTheArchiveTheLockPins() throws IOException {
    assertArrayEquals(ARCHIVE, stored(gzip(ARCHIVE)).content());
  }

  @Test
  void refusesAStoredArchiveThatIsNotTheLocksAndNamesItsFile() throws IOException {
    byte[] longer = "an archive, and more".getBytes(StandardCharsets.UTF_8);
    byte[] changed = "an archivE".getBytes(StandardCharsets.UTF_8);
    for (byte[] other : new byte[][] {changed, longer}) {
      Recipe.StoredArchive archive = stored(gzip(other));
      String message = assertThrows(CatalogException.class, archive::content).getMessage();
      assertTrue(message.startsWith(archive.file() + ": holds a CDS archive with SHA-256")
          && message.contains("not the lock's " + Hashing.sha256(ARCHIVE))
          && message.endsWith("run ./catalog lock java11 to dump it again"), message);
    }
  }

  @Test
  void refusesACutOrMissingFile() throws IOException {
    byte[] whole = gzip(ARCHIVE);
    Recipe.StoredArchive cut = stored(java.util.Arrays.copyOf(whole, whole.length - 9));
    String message = assertThrows(CatalogException.class, cut::content).getMessage();
    assertTrue(message.startsWith(cut.file() + ": not a whole gzip file"), message);
    Files.delete(cut.file());
    message = assertThrows(CatalogException.class, cut::content).getMessage();
    assertTrue(message.startsWith(cut.file() + ": missing"), message);
  }

  @Test
  void readsTheCatalogsStoredArchivesAsTheirLocksPinThem() {
    Catalog catalog = Catalog.at(Path.of(".."));
    long checked = catalog.images().stream()
        .flatMap(image -> catalog.definitions(image).stream())
        .filter(definition -> definition.dumpCdsArchive())
        .flatMap(definition -> definition.architectures().stream()
            .map(arch -> Recipe.locked(catalog, definition, arch)))
        .peek(recipe -> assertEquals(recipe.cdsArchive().orElseThrow().locked().size(),
            recipe.cdsArchive().orElseThrow().content().length))
        .count();
    assertTrue(checked > 0, "no image of the catalog has a CDS archive");
  }

  /** A copy of java11's folder (and the releases it reads), whose files a test may change. */
  private Catalog java11Copy() throws IOException {
    for (String folder : new String[] {"java11", "releases"}) {
      Path from = Path.of("..", folder);
      try (Stream<Path> files = Files.list(from)) {
        for (Path file : files.toList()) {
          Files.createDirectories(dir.resolve(folder));
          Files.copy(file, dir.resolve(folder).resolve(file.getFileName()));
        }
      }
    }
    return Catalog.at(dir);
  }

  private static void replace(Path file, String text, String by) throws IOException {
    String content = Files.readString(file);
    assertTrue(content.contains(text), file + " has no " + text);
    Files.writeString(file, content.replace(text, by));
  }

  @Test
  void refusesALockWhoseArchiveWasDumpedWithAnotherRuntime() throws IOException {
    Catalog catalog = java11Copy();
    String runtime = catalog.lock("java11").pins(Architecture.AMD64).archive().orElseThrow().runtime();
    replace(dir.resolve("java11").resolve(Lock.FILE), "\"runtime\" : \"" + runtime, "\"runtime\" : \"" + "0".repeat(64));
    String message = assertThrows(CatalogException.class,
        () -> Recipe.locked(catalog, catalog.definition("java11"), Architecture.AMD64)).getMessage();
    assertTrue(message.startsWith("java11/image.lock.json: java11 amd64 has a CDS archive dumped with another"
        + " build of openjdk-11-jre-headless") && message.endsWith("run ./catalog lock java11 to dump it again"), message);
  }

  @Test
  void refusesALockAndADefinitionThatDisagreeOnTheArchive() throws IOException {
    Catalog catalog = java11Copy();
    replace(dir.resolve("java11").resolve("image.json"), "\"dumpCdsArchive\": true,", "");
    String message = assertThrows(CatalogException.class,
        () -> Recipe.locked(catalog, catalog.definition("java11"), Architecture.AMD64)).getMessage();
    assertTrue(message.contains("pins a CDS archive, which image.json does not ask for"), message);
  }
}

package dev.scratchjava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFiguresTest {
  @TempDir Path dir;

  /** A layer with a folder, one file per content and, if asked, a link. */
  private static byte[] layer(boolean withLink, String... contents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.putArchiveEntry(new TarArchiveEntry("usr/"));
      tar.closeArchiveEntry();
      for (int i = 0; i < contents.length; i++) {
        add(tar, "usr/file" + i, contents[i].getBytes(StandardCharsets.UTF_8));
      }
      if (withLink) {
        TarArchiveEntry link = new TarArchiveEntry("lib", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("usr/lib");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static long gzipped(byte[] layer) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(layer);
    }
    return bytes.size();
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  @Test
  void countsFilesBytesLayersAndTheirGzipSizeAsDockerSaveGivesThem() throws IOException {
    byte[] first = layer(true, "twelve bytes", "abc");
    byte[] second = layer(false, "x".repeat(5000));
    Path saved = dir.resolve("saved.tar");
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(saved))) {
      add(tar, "manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"a/layer.tar\",\"b/layer.tar\"]}]"
          .getBytes(StandardCharsets.UTF_8));
      add(tar, "a/layer.tar", first);
      add(tar, "b/layer.tar", second);
    }
    ImageFigures figures = ImageFigures.read(saved);
    assertEquals(2, figures.layers());
    assertEquals(4, figures.files(), "three files and a link; folders are not counted");
    assertEquals(12 + 3 + 5000, figures.bytes());
    assertEquals(gzipped(first) + gzipped(second), figures.compressed());
  }
}

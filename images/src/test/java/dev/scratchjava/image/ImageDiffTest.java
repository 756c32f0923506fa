package dev.scratchjava.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.support.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDiffTest {
  @TempDir Path dir;

  /** A docker-load tar with a skeleton layer and a "libc6" layer holding {@code files}. */
  private Path image(String name, Map<String, String> files, String user) throws IOException {
    byte[] skeleton = layer(Map.of("etc/passwd", "root"));
    byte[] libc = layer(files);
    String config = "{\"config\":{\"User\":\"" + user + "\"},\"history\":[{\"comment\":\"auto\"},{\"comment\":\"libc6\"}]}";
    // Layers are named by their content, as in a real image tar.
    String libcName = Hashing.sha256(libc) + ".tar.gz";
    String manifest = "[{\"Config\":\"config.json\",\"Layers\":[\"a.tar.gz\",\"" + libcName + "\"]}]";
    Path tar = dir.resolve(name + ".tar");
    try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream image = new TarArchiveOutputStream(out)) {
      add(image, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      add(image, "config.json", config.getBytes(StandardCharsets.UTF_8));
      add(image, "a.tar.gz", skeleton);
      add(image, libcName, libc);
    }
    return tar;
  }

  private static byte[] layer(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
        add(tar, file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    // A fixed time: layers built a second apart must not differ by their headers.
    entry.setModTime(0);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  @Test
  void namesTheLayerAndTheFileThatDiffer() throws IOException {
    Path before = image("before", Map.of("usr/lib/libc.so.6", "old", "usr/lib/libm.so.6", "same"), "65532");
    Path after = image("after", Map.of("usr/lib/libc.so.6", "new", "usr/lib/libm.so.6", "same"), "65532");
    String difference = ImageDiff.first(before, after).orElseThrow();
    assertTrue(difference.startsWith("layer 1 (libc6), /usr/lib/libc.so.6: was file of 3 bytes"), difference);
  }

  @Test
  void namesAFileOnlyOneBuildHas() throws IOException {
    Path before = image("before", Map.of("usr/lib/libc.so.6", "x"), "65532");
    Path after = image("after", Map.of("usr/lib/libc.so.6", "x", "usr/lib/extra", "y"), "65532");
    String difference = ImageDiff.first(before, after).orElseThrow();
    assertTrue(difference.contains("/usr/lib/extra: was absent"), difference);
  }

  @Test
  void namesTheConfigurationWhenTheLayersAreTheSame() throws IOException {
    Path before = image("same", Map.of("usr/lib/libc.so.6", "x"), "65532");
    Path copy = dir.resolve("copy.tar");
    Files.copy(before, copy);
    assertEquals(Optional.empty(), ImageDiff.first(before, copy));
    Path root = image("root", Map.of("usr/lib/libc.so.6", "x"), "0");
    assertEquals(Optional.of("image configuration, field 'config'"), ImageDiff.first(before, root));
  }
}

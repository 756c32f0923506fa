package dev.scratchjava.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.support.Hashing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDiffTest {
  @TempDir Path dir;

  /** A layer's compressed bytes, and the comment jib-core writes into the image's history for it. */
  private record Layer(String comment, byte[] bytes) {}

  /** A docker-load tar with a skeleton layer and a "libc6" layer holding {@code files}. */
  private Path image(String name, Map<String, String> files, String user) throws IOException {
    Layer skeleton = layer("auto", Map.of("etc/passwd", "root"));
    Layer libc = layer("libc6", files);
    return image(name, config("{\"User\":\"" + user + "\"}", skeleton, libc), skeleton, libc);
  }

  /** A docker-load tar of these layers, lowest first, and this configuration, byte for byte. */
  private Path image(String name, String config, Layer... layers) throws IOException {
    Path tar = dir.resolve(name + ".tar");
    try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream image = new TarArchiveOutputStream(out)) {
      List<String> names = new ArrayList<>();
      for (Layer layer : layers) {
        // Named by their compressed bytes, as jib-core names them.
        names.add("\"" + Hashing.sha256(layer.bytes()) + ".tar.gz\"");
      }
      String manifest = "[{\"Config\":\"config.json\",\"Layers\":[" + String.join(",", names) + "]}]";
      add(image, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      add(image, "config.json", config.getBytes(StandardCharsets.UTF_8));
      for (Layer layer : layers) {
        add(image, Hashing.sha256(layer.bytes()) + ".tar.gz", layer.bytes());
      }
    }
    return tar;
  }

  /** A configuration as jib-core writes one: the container part given, the layers' diff_ids, the history. */
  private static String config(String container, Layer... layers) throws IOException {
    List<String> diffIds = new ArrayList<>();
    List<String> history = new ArrayList<>();
    for (Layer layer : layers) {
      try (GZIPInputStream content = new GZIPInputStream(new ByteArrayInputStream(layer.bytes()))) {
        diffIds.add("\"" + Hashing.digest(content.readAllBytes()) + "\"");
      }
      history.add("{\"comment\":\"" + layer.comment() + "\"}");
    }
    return "{\"config\":" + container + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
        + String.join(",", diffIds) + "]},\"history\":[" + String.join(",", history) + "]}";
  }

  private static Layer layer(String comment, Map<String, String> files) throws IOException {
    return layer(comment, files, Deflater.DEFAULT_COMPRESSION);
  }

  private static Layer layer(String comment, Map<String, String> files, int level) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // GZIPOutputStream takes no level; its deflater does.
    GZIPOutputStream gzip = new GZIPOutputStream(bytes) {
      {
        def.setLevel(level);
      }
    };
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      for (Map.Entry<String, String> file : new java.util.TreeMap<>(files).entrySet()) {
        add(tar, file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return new Layer(comment, bytes.toByteArray());
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

  /**
   * The manifest names each layer by the digest of its compressed bytes: a new zlib in the build's
   * JDK moves it while every file, and so the configuration's diff_ids, stay the same.
   */
  @Test
  void namesALayerCompressedToOtherBytes() throws IOException {
    Map<String, String> files = Map.of("usr/lib/libc.so.6", "x".repeat(4096));
    Layer skeleton = layer("auto", Map.of("etc/passwd", "root"));
    Layer fast = layer("libc6", files, Deflater.BEST_SPEED);
    Layer small = layer("libc6", files, Deflater.BEST_COMPRESSION);
    String config = config("{\"User\":\"65532\"}", skeleton, fast);
    assertEquals(config, config("{\"User\":\"65532\"}", skeleton, small), "the same diff_ids");
    assertEquals(Optional.of("layer 1 (libc6): the same files byte for byte, compressed to other bytes,"
            + " so the manifest names another digest for it"),
        ImageDiff.first(image("before", config, skeleton, fast), image("after", config, skeleton, small)));
  }

  /** The manifest lists the layers in order: the same layers in another order are another image. */
  @Test
  void namesTheLayersThatChangedPlaces() throws IOException {
    Layer skeleton = layer("auto", Map.of("etc/passwd", "root"));
    Layer libc = layer("libc6", Map.of("usr/lib/libc.so.6", "x"));
    Layer zlib = layer("zlib1g", Map.of("usr/lib/libz.so.1", "z"));
    String container = "{\"User\":\"65532\"}";
    Path before = image("before", config(container, skeleton, libc, zlib), skeleton, libc, zlib);
    Path after = image("after", config(container, skeleton, zlib, libc), skeleton, zlib, libc);
    assertEquals(Optional.of("layer 1 (libc6): the same layers in another order, this one is layer 2 now"),
        ImageDiff.first(before, after));
  }

  /**
   * The manifest names the configuration by the digest of its bytes: the same fields and values
   * written in another order are another configuration.
   */
  @Test
  void namesTheConfigurationFieldWrittenInAnotherOrder() throws IOException {
    Layer skeleton = layer("auto", Map.of("etc/passwd", "root"));
    Path before = image("before", config("{\"Labels\":{\"a\":\"1\",\"b\":\"2\"}}", skeleton), skeleton);
    Path after = image("after", config("{\"Labels\":{\"b\":\"2\",\"a\":\"1\"}}", skeleton), skeleton);
    assertEquals(Optional.of("image configuration, field 'config.Labels': the same keys in another order,"
            + " so the manifest names another digest for the configuration"),
        ImageDiff.first(before, after));
    Path spaced = image("spaced", config("{\"Labels\": {\"a\":\"1\",\"b\":\"2\"}}", skeleton), skeleton);
    assertEquals(Optional.of("image configuration: the same fields in the same order, written with other"
            + " spacing, so the manifest names another digest for the configuration"),
        ImageDiff.first(before, spaced));
  }

  /**
   * Where every layer and the configuration are the same bytes, the digests can differ only by the
   * manifest, which a tar does not hold: that is what verify says, not that nothing differs.
   */
  @Test
  void explainsDifferentDigestsOfTheSameLayersAndConfigurationByTheManifest() throws IOException {
    Path before = image("same", Map.of("usr/lib/libc.so.6", "x"), "65532");
    Path copy = dir.resolve("copy.tar");
    Files.copy(before, copy);
    assertEquals("the manifest only: every layer and the configuration are the same bytes, so its media"
            + " types or the way it is written differ (a tar does not hold the manifest)",
        ImageDiff.explain(before, copy));
    Path root = image("root", Map.of("usr/lib/libc.so.6", "x"), "0");
    assertEquals("image configuration, field 'config'", ImageDiff.explain(before, root));
  }
}

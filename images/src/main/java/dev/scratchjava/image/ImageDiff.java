package dev.scratchjava.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.support.DockerSave;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Where two builds of an image (docker-load tars) first differ: which layer, which file, which
 * part of the configuration. An image's digest is that of its manifest, which names each layer by
 * the digest of its compressed bytes, in order, and the configuration by the digest of its bytes:
 * so this compares exactly those, not only what they mean.
 */
public final class ImageDiff {

  private ImageDiff() {}

  /**
   * Why two builds whose digests differ do: the first difference, or, where every layer and the
   * configuration are the same bytes, the manifest itself, which a tar does not hold.
   */
  public static String explain(Path before, Path after) {
    return first(before, after).orElse("the manifest only: every layer and the configuration are the same"
        + " bytes, so its media types or the way it is written differ (a tar does not hold the manifest)");
  }

  /** One line naming the first difference, or empty when both hold the same layers and configuration bytes. */
  public static Optional<String> first(Path before, Path after) {
    try (DockerSave tarA = DockerSave.open(before); DockerSave tarB = DockerSave.open(after)) {
      Build a = new Build(tarA);
      Build b = new Build(tarB);
      for (int i = 0; i < Math.max(a.layers().size(), b.layers().size()); i++) {
        if (i >= a.layers().size() || i >= b.layers().size()) {
          return Optional.of("layer " + i + " (" + b.name(i) + ") exists in only one of the builds");
        }
        if (!a.layers().get(i).equals(b.layers().get(i))) {
          return Optional.of(layer(a, b, i));
        }
      }
      if (!a.config().equals(b.config())) {
        TreeSet<String> fields = new TreeSet<>();
        b.config().fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
          if (!b.config().get(field).equals(a.config().get(field))) {
            return Optional.of("image configuration, field '" + field + "'");
          }
        }
        return Optional.of("image configuration");
      }
      if (!Arrays.equals(tarA.configBytes(), tarB.configBytes())) {
        String digest = ", so the manifest names another digest for the configuration";
        return Optional.of(reordered(a.config(), b.config(), "")
            .map(field -> "image configuration, field '" + field + "': the same keys in another order" + digest)
            .orElse("image configuration: the same fields in the same order, written with other spacing" + digest));
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One build as read from its tar: the layers by their names (digests), and the configuration. */
  private record Build(DockerSave tar, JsonNode config, List<String> layers) {
    Build(DockerSave tar) throws IOException {
      this(tar, tar.config(), tar.layers());
    }

    /** What the history says layer {@code i} holds: the package, or the skeleton. */
    String name(int i) {
      JsonNode history = config.path("history").path(i);
      return history.hasNonNull("comment") && i > 0 ? history.get("comment").asText() : "skeleton";
    }

    JsonNode diffId(int i) {
      return config.path("rootfs").path("diff_ids").path(i);
    }
  }

  /** How layer {@code i}, whose compressed bytes differ, differs. */
  private static String layer(Build a, Build b, int i) throws IOException {
    String layer = a.layers().get(i);
    if (a.layers().stream().sorted().toList().equals(b.layers().stream().sorted().toList())) {
      return "layer " + i + " (" + a.name(i) + "): the same layers in another order, this one is layer "
          + b.layers().indexOf(layer) + " now";
    }
    if (a.diffId(i).isTextual() && a.diffId(i).equals(b.diffId(i))) {
      return "layer " + i + " (" + b.name(i) + "): the same files byte for byte, compressed to other bytes,"
          + " so the manifest names another digest for it";
    }
    Map<String, String> filesA = files(a.tar(), layer);
    Map<String, String> filesB = files(b.tar(), b.layers().get(i));
    TreeSet<String> paths = new TreeSet<>(filesA.keySet());
    paths.addAll(filesB.keySet());
    for (String path : paths) {
      if (!Objects.equals(filesA.get(path), filesB.get(path))) {
        return "layer " + i + " (" + b.name(i) + "), /" + path + ": was "
            + Objects.requireNonNullElse(filesA.get(path), "absent") + ", now "
            + Objects.requireNonNullElse(filesB.get(path), "absent");
      }
    }
    return "layer " + i + " (" + b.name(i) + "): same files, different bytes (order or headers)";
  }

  /** The first object, as a dotted path, whose keys are the same but come in another order. */
  private static Optional<String> reordered(JsonNode a, JsonNode b, String path) {
    if (a.isObject()) {
      List<String> keysA = new ArrayList<>();
      List<String> keysB = new ArrayList<>();
      a.fieldNames().forEachRemaining(keysA::add);
      b.fieldNames().forEachRemaining(keysB::add);
      if (!keysA.equals(keysB)) {
        return Optional.of(path.isEmpty() ? "(top level)" : path);
      }
      for (String key : keysA) {
        Optional<String> inner = reordered(a.get(key), b.get(key), path.isEmpty() ? key : path + "." + key);
        if (inner.isPresent()) {
          return inner;
        }
      }
    } else if (a.isArray()) {
      for (int i = 0; i < a.size(); i++) {
        Optional<String> inner = reordered(a.get(i), b.get(i), path + "[" + i + "]");
        if (inner.isPresent()) {
          return inner;
        }
      }
    }
    return Optional.empty();
  }

  /** Each path of a layer with what makes it what it is: kind, mode, owner, size, content hash. */
  private static Map<String, String> files(DockerSave image, String layer) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (TarArchiveInputStream entries = image.entries(layer)) {
      for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
        String what =
            entry.isSymbolicLink() ? "link to " + entry.getLinkName()
                : entry.isDirectory() ? "folder"
                : "file of " + entry.getSize() + " bytes, sha256 " + Hashing.sha256(entries.readAllBytes());
        files.put(entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""),
            String.format("%s, mode %o, owner %d:%d", what, entry.getMode() & 07777,
                entry.getLongUserId(), entry.getLongGroupId()));
      }
    }
    return files;
  }
}

package dev.scratchjava.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.support.DockerSave;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Where two builds of an image (docker-load tars) first differ: which layer, which file. */
public final class ImageDiff {

  private ImageDiff() {}

  /** One line naming the first difference, or empty when both hold the same layers and config. */
  public static Optional<String> first(Path before, Path after) {
    try (DockerSave a = DockerSave.open(before); DockerSave b = DockerSave.open(after)) {
      JsonNode configA = a.config();
      JsonNode configB = b.config();
      List<String> layersA = a.layers();
      List<String> layersB = b.layers();
      for (int i = 0; i < Math.max(layersA.size(), layersB.size()); i++) {
        String name = layerName(configB.path("history").path(i), i);
        if (i >= layersA.size() || i >= layersB.size()) {
          return Optional.of("layer " + i + " (" + name + ") exists in only one of the builds");
        }
        if (!layersA.get(i).equals(layersB.get(i))) {
          Map<String, String> filesA = files(a, layersA.get(i));
          Map<String, String> filesB = files(b, layersB.get(i));
          TreeSet<String> paths = new TreeSet<>(filesA.keySet());
          paths.addAll(filesB.keySet());
          for (String path : paths) {
            if (!Objects.equals(filesA.get(path), filesB.get(path))) {
              return Optional.of("layer " + i + " (" + name + "), /" + path + ": was "
                  + Objects.requireNonNullElse(filesA.get(path), "absent") + ", now "
                  + Objects.requireNonNullElse(filesB.get(path), "absent"));
            }
          }
          return Optional.of("layer " + i + " (" + name + "): same files, different bytes (order or headers)");
        }
      }
      if (!configA.equals(configB)) {
        TreeSet<String> fields = new TreeSet<>();
        configB.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
          if (!configB.get(field).equals(configA.get(field))) {
            return Optional.of("image configuration, field '" + field + "'");
          }
        }
        return Optional.of("image configuration");
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String layerName(JsonNode history, int index) {
    return history.hasNonNull("comment") && index > 0 ? history.get("comment").asText() : "skeleton";
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

package dev.scratchjava.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The OCI image index of one image: one entry per architecture. Written by us, not jib-core, and
 * the same bytes for the same manifests, so an unchanged image keeps its index digest.
 */
final class ImageIndex {
  private static final ObjectMapper JSON = Json.MAPPER;

  private ImageIndex() {}

  /** @param manifests per architecture (in the order given), its manifest */
  static byte[] of(Map<Architecture, Registry.Manifest> manifests) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", Registry.OCI_INDEX);
    ArrayNode entries = index.putArray("manifests");
    manifests.forEach(
        (arch, manifest) -> {
          ObjectNode entry = entries.addObject();
          entry.put("mediaType", manifest.mediaType());
          entry.put("digest", manifest.digest());
          entry.put("size", manifest.bytes().length);
          ObjectNode platform = entry.putObject("platform");
          platform.put("architecture", arch.oci());
          platform.put("os", "linux");
        });
    try {
      return JSON.writeValueAsBytes(index);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.scratchjava.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * An image in docker-save form, as {@code docker save} and jib-core's tar target write it: a
 * manifest naming the configuration and the layers, in order. Layers come uncompressed, whether
 * the tar holds them so or gzip-compressed.
 */
public final class DockerSave implements Closeable {
  private final Path file;
  private final TarFile tar;
  private final Map<String, TarArchiveEntry> members = new HashMap<>();
  private final JsonNode manifest;

  private DockerSave(Path file) throws IOException {
    this.file = file;
    this.tar = new TarFile(file.toFile());
    tar.getEntries().forEach(member -> members.put(member.getName(), member));
    this.manifest = json("manifest.json").get(0);
  }

  public static DockerSave open(Path file) {
    try {
      return new DockerSave(file);
    } catch (IOException | RuntimeException e) {
      throw new CatalogException(file + ": not a docker-save tar: " + e.getMessage());
    }
  }

  /** The layers' names in the tar, lowest first. */
  public List<String> layers() {
    List<String> layers = new ArrayList<>();
    manifest.get("Layers").forEach(layer -> layers.add(layer.asText()));
    return layers;
  }

  /** The image configuration. */
  public JsonNode config() throws IOException {
    return Json.MAPPER.readTree(configBytes());
  }

  /** The image configuration as written: the manifest names it by the digest of these bytes. */
  public byte[] configBytes() throws IOException {
    try (InputStream in = tar.getInputStream(member(manifest.get("Config").asText()))) {
      return in.readAllBytes();
    }
  }

  /** A layer's bytes, uncompressed. */
  public InputStream layer(String name) throws IOException {
    InputStream raw = new BufferedInputStream(tar.getInputStream(member(name)));
    return name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
  }

  /** What {@link #forEachEntry} hands over: a path relative to the image root, without a trailing slash. */
  public interface EntryVisitor {
    void visit(String path, TarArchiveEntry entry, InputStream content) throws IOException;
  }

  /** Every entry of every layer, the lowest layer first, so that a later entry replaces an earlier one. */
  public void forEachEntry(EntryVisitor visitor) throws IOException {
    for (String layer : layers()) {
      try (TarArchiveInputStream entries = entries(layer)) {
        for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
          visitor.visit(entry.getName().replaceFirst("^\\.?/", "").replaceFirst("/$", ""), entry, entries);
        }
      }
    }
  }

  /** A layer's entries, to read one after the other. */
  public TarArchiveInputStream entries(String name) throws IOException {
    return new TarArchiveInputStream(layer(name));
  }

  /**
   * Checks that every layer's bytes hash to the name the manifest gives it and, uncompressed, to
   * the configuration's diff_id: a layer taken from a damaged or tampered cache fails here.
   */
  public void verify() {
    try {
      List<String> layers = layers();
      JsonNode diffIds = config().path("rootfs").path("diff_ids");
      if (diffIds.size() != layers.size()) {
        throw new CatalogException(file + ": " + layers.size() + " layers but " + diffIds.size() + " diff_ids");
      }
      for (int i = 0; i < layers.size(); i++) {
        String name = layers.get(i);
        Hashing.Tap raw = Hashing.tap(new BufferedInputStream(tar.getInputStream(member(name))));
        Hashing.Tap content = Hashing.tap(name.endsWith(".gz") ? new GZIPInputStream(raw) : raw);
        try (content) {
          content.transferTo(OutputStream.nullOutputStream());
          raw.transferTo(OutputStream.nullOutputStream());
        }
        String expectedName = name.replaceFirst("\\.tar(\\.gz)?$", "");
        // jib-core names a layer by its digest; docker save by an ID, which says nothing here.
        if (expectedName.matches("[0-9a-f]{64}") && !raw.sha256().equals(expectedName)) {
          throw new CatalogException(file + ": layer " + name + " hashes to " + raw.sha256());
        }
        if (!("sha256:" + content.sha256()).equals(diffIds.get(i).asText())) {
          throw new CatalogException(file + ": layer " + name + " holds content hashing to sha256:"
              + content.sha256() + ", not its diff_id " + diffIds.get(i).asText());
        }
      }
    } catch (IOException e) {
      throw new CatalogException(file + ": cannot read its layers: " + e.getMessage());
    }
  }

  private JsonNode json(String name) throws IOException {
    try (InputStream in = tar.getInputStream(member(name))) {
      return Json.MAPPER.readTree(in);
    }
  }

  private TarArchiveEntry member(String name) {
    TarArchiveEntry member = members.get(name);
    if (member == null) {
      throw new CatalogException(file + ": no " + name + " in the image tar");
    }
    return member;
  }

  @Override
  public void close() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

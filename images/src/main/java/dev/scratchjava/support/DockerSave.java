package dev.scratchjava.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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
    return json(manifest.get("Config").asText());
  }

  /** A layer's bytes, uncompressed. */
  public InputStream layer(String name) throws IOException {
    InputStream raw = new BufferedInputStream(tar.getInputStream(member(name)));
    return name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
  }

  /** A layer's entries, to read one after the other. */
  public TarArchiveInputStream entries(String name) throws IOException {
    return new TarArchiveInputStream(layer(name));
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

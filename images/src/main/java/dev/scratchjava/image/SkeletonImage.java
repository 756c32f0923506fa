package dev.scratchjava.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.rootfs.Node;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The base image every image is built on, written as a docker-save tar: one layer with every
 * folder, every symbolic link and the skeleton's files. jib-core cannot write links (it follows
 * them, on the build host) nor the sticky bit of /tmp, so these go in a layer written here. Its
 * configuration holds the image's first environment variable and first label (ImageConfig).
 */
final class SkeletonImage {
  static final String REFERENCE = "skeleton";
  private static final ObjectMapper JSON = Json.MAPPER;
  /** The time jib-core gives its own entries, so that both kinds of layer agree. */
  static final Date MTIME = new Date(1000);

  private SkeletonImage() {}

  /**
   * @param configuration the variables and labels its configuration holds (the image's first of
   *     each: ImageConfig says why)
   */
  static void write(Collection<Node> nodes, Architecture arch, ImageConfig configuration, Path tar)
      throws IOException {
    Path folder = tar.resolveSibling(tar.getFileName() + ".d");
    Files.createDirectories(folder);
    Path layer = folder.resolve("layer.tar");
    String diffId = writeLayer(nodes, layer);
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", arch.oci());
    config.put("os", "linux");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    rootfs.putArray("diff_ids").add(diffId);
    ObjectNode container = config.putObject("config");
    ArrayNode env = container.putArray("Env");
    configuration.environment().forEach((name, value) -> env.add(name + "=" + value));
    ObjectNode labels = container.putObject("Labels");
    configuration.labels().forEach(labels::put);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("Config", "config.json");
    manifest.putArray("RepoTags").add(REFERENCE + ":" + arch);
    manifest.putArray("Layers").add("layer.tar");
    try (TarArchiveOutputStream out = newTar(Files.newOutputStream(tar))) {
      addBytes(out, "manifest.json", JSON.writeValueAsBytes(List.of(manifest)));
      addBytes(out, "config.json", JSON.writeValueAsBytes(config));
      TarArchiveEntry entry = new TarArchiveEntry("layer.tar");
      entry.setSize(Files.size(layer));
      entry.setModTime(MTIME);
      out.putArchiveEntry(entry);
      try (InputStream in = Files.newInputStream(layer)) {
        in.transferTo(out);
      }
      out.closeArchiveEntry();
    }
  }

  /** Writes the layer and returns its diff id (the digest of the uncompressed tar). */
  private static String writeLayer(Collection<Node> nodes, Path layer) throws IOException {
    Hashing.Sink hashing = Hashing.sink(Files.newOutputStream(layer));
    try (TarArchiveOutputStream out = newTar(hashing)) {
      for (Node node : nodes) {
        if (node.inSkeleton()) {
          addNode(out, node);
        }
      }
    }
    return "sha256:" + hashing.sha256();
  }

  private static void addNode(TarArchiveOutputStream out, Node node) throws IOException {
    TarArchiveEntry entry =
        switch (node.kind()) {
          case DIRECTORY -> new TarArchiveEntry(node.path() + "/");
          case SYMLINK -> {
            TarArchiveEntry link = new TarArchiveEntry(node.path(), TarConstants.LF_SYMLINK);
            link.setLinkName(node.target());
            yield link;
          }
          case FILE -> {
            TarArchiveEntry file = new TarArchiveEntry(node.path());
            file.setSize(node.size());
            yield file;
          }
        };
    entry.setMode(entry.getMode() & ~07777 | node.mode());
    entry.setIds(node.uid(), node.gid());
    entry.setNames("", "");
    entry.setModTime(MTIME);
    out.putArchiveEntry(entry);
    if (node.kind() == Node.Kind.FILE) {
      Files.copy(node.source(), out);
    }
    out.closeArchiveEntry();
  }

  private static void addBytes(TarArchiveOutputStream out, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setModTime(MTIME);
    out.putArchiveEntry(entry);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  private static TarArchiveOutputStream newTar(OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }
}

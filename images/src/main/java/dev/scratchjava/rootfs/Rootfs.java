package dev.scratchjava.rootfs;

import dev.scratchjava.catalog.CatalogException;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.debian.DebFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Makes an image's file tree: the contract's skeleton, the kept files of each package, and the
 * files generated from package data (CA bundle, truststore). File contents are staged on disk
 * for the layer writer; everything else lives in the tree.
 */
public final class Rootfs {
  /** One package of the image: what to keep of it, its pin and its verified .deb. */
  public record Input(PackageSpec spec, LockedPackage pin, Path deb) {}

  public static final String CERTIFICATES = "certificates";

  private final FileTree tree = new FileTree();
  private final Path staging;
  private final SortedMap<String, byte[]> caCertificates = new TreeMap<>();

  private Rootfs(Path staging) {
    this.staging = staging;
  }

  /** Assembles the tree of {@code definition} for {@code arch} into an empty staging folder. */
  public static FileTree assemble(Definition definition, String arch, List<Input> inputs, Path staging) {
    Rootfs rootfs = new Rootfs(staging);
    rootfs.skeleton();
    for (Input input : inputs) {
      rootfs.extract(input);
    }
    rootfs.certificates();
    rootfs.links(definition.javaHome(arch));
    rootfs.tree.validate();
    return rootfs.tree;
  }

  private void skeleton() {
    tree.addDirectory(Contract.TMP, 01777, 0);
    tree.addDirectory("root", 0700, 0);
    tree.addDirectory("home", 0755, 0);
    tree.addDirectory(Contract.NONROOT_HOME, 0700, Contract.NONROOT);
    generate(Node.SKELETON, "etc/passwd", Contract.PASSWD.getBytes(StandardCharsets.UTF_8));
    generate(Node.SKELETON, "etc/group", Contract.GROUP.getBytes(StandardCharsets.UTF_8));
    generate(Node.SKELETON, "etc/nsswitch.conf", Contract.NSSWITCH.getBytes(StandardCharsets.UTF_8));
  }

  private void generate(String origin, String path, byte[] content) {
    Path file = stage(origin, path);
    try {
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tree.addFile(path, 0644, file, content.length, origin);
  }

  private Path stage(String origin, String path) {
    Path file = staging.resolve(origin).resolve(path);
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private void extract(Input input) {
    String name = input.pin().name();
    PackageSpec spec = input.spec();
    List<Glob> always = Glob.all(Contract.alwaysKept(name));
    List<Glob> drop = Glob.all(spec.drop());
    Glob caSource = Glob.of(Contract.CA_SOURCES);
    Set<String> unmatched = new HashSet<>(spec.keep());
    Map<String, Glob> keepByPattern = new HashMap<>();
    spec.keep().forEach(pattern -> keepByPattern.put(pattern, Glob.of(pattern)));
    Map<String, Path> staged = new HashMap<>();
    long bound = expansionBound(input.deb());
    long[] expanded = new long[1];
    DebFile.forEachEntry(
        input.deb(),
        name,
        (entry, content) -> {
          String path = canonical(name, entry.getName());
          expanded[0] += Math.max(entry.getSize(), 0);
          if (expanded[0] > bound) {
            throw new CatalogException("package " + name + " expands past " + bound / (1 << 20)
                + " MiB, more than a .deb of its size can honestly hold: refused");
          }
          if (path.isEmpty() || entry.isDirectory()) {
            return;
          }
          if (entry.isFile() && caSource.matches(path)) {
            caCertificates.put(path.substring(path.lastIndexOf('/') + 1), content.readAllBytes());
            return;
          }
          boolean keptByPattern = false;
          for (Map.Entry<String, Glob> pattern : keepByPattern.entrySet()) {
            if (pattern.getValue().matches(path)) {
              unmatched.remove(pattern.getKey());
              keptByPattern = true;
            }
          }
          boolean kept =
              (keptByPattern || Glob.anyMatches(always, path)) && !Glob.anyMatches(drop, path);
          if (kept) {
            keepEntry(name, path, entry, content, staged);
          }
        });
    // What scanners read to know which packages, at which versions, an image holds.
    String control = DebFile.control(input.deb(), name).strip() + "\n";
    generate(name, Contract.PACKAGE_RECORDS + name, control.getBytes(StandardCharsets.UTF_8));
    if (!unmatched.isEmpty()) {
      throw new CatalogException("package " + name + ": keep pattern '" + unmatched.iterator().next()
          + "' matches no file of " + input.pin());
    }
  }

  /** A path of a package's archive inside the image; one that escapes it is refused. */
  private static String canonical(String name, String entryName) {
    try {
      return FileTree.canonical(entryName);
    } catch (IllegalArgumentException e) {
      throw new CatalogException("package " + name + ": entry '" + entryName + "': " + e.getMessage());
    }
  }

  /**
   * How far a package may expand: xz packs real files 3 to 10 times, so fifty times the .deb
   * (and at least 64 MiB) stops a decompression bomb without ever stopping a real package.
   */
  static long expansionBound(Path deb) {
    try {
      return Math.max(64L << 20, 50 * Files.size(deb));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void keepEntry(
      String name, String path, TarArchiveEntry entry, InputStream content, Map<String, Path> staged)
      throws IOException {
    if (entry.isSymbolicLink()) {
      tree.addSymlink(path, entry.getLinkName(), name);
    } else if (entry.isLink()) {
      String target = canonical(name, entry.getLinkName());
      Path source = staged.get(target);
      if (source == null) {
        throw new CatalogException("package " + name + ": hard link /" + path + " points to /"
            + target + ", which is not kept: keep both or neither");
      }
      tree.addFile(path, entry.getMode() & 07777, source, Files.size(source), name);
    } else if (entry.isFile()) {
      Path file = stage(name, path);
      Files.copy(content, file);
      staged.put(path, file);
      tree.addFile(path, entry.getMode() & 07777, file, Files.size(file), name);
    } else {
      throw new CatalogException("package " + name + ": /" + path + " is neither file, folder nor link");
    }
  }

  private void certificates() {
    if (caCertificates.isEmpty()) {
      throw new CatalogException("no CA certificates (" + Contract.CA_SOURCES
          + ") in any package: add ca-certificates to the packages");
    }
    generate(CERTIFICATES, Contract.CA_BUNDLE, Truststore.bundle(caCertificates));
    generate(CERTIFICATES, Contract.TRUSTSTORE, Truststore.pkcs12(caCertificates));
  }

  /** /usr/bin/java (Debian makes it at install time) and the usrmerge links where /usr has them. */
  private void links(String javaHome) {
    tree.addSymlink("usr/bin/java", javaHome + "/bin/java", Node.SKELETON);
    for (String top : Contract.USRMERGE) {
      if (tree.contains("usr/" + top)) {
        tree.addSymlink(top, "usr/" + top, Node.SKELETON);
      }
    }
  }
}

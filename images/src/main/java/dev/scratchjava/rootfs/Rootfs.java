package dev.scratchjava.rootfs;

import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Glob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Makes an image's file tree: the contract's skeleton, the kept files of each package, and the
 * files generated from package data (CA bundle, truststore). File contents stay in the unpack
 * cache, where the layer writer reads them; everything else lives in the tree.
 */
public final class Rootfs {
  /** One package of the image: what to keep of it, its pin and its unpacked files. */
  public record Input(PackageSpec spec, LockedPackage pin, Unpacked unpacked) {}

  /**
   * A file the build adds from the lock's folder rather than from a package.
   *
   * @param path where it goes, relative to the root
   */
  public record Added(String path, byte[] content) {}

  public static final String CERTIFICATES = "certificates";
  /** The origin, and layer name, of the JDK's class-data archive ({@code catalog.CdsArchive}). */
  public static final String CDS_ARCHIVE = "cds-archive";

  private final FileTree tree = new FileTree();
  private final UnpackCache store;
  private final SortedMap<String, byte[]> caCertificates = new TreeMap<>();

  private Rootfs(UnpackCache store) {
    this.store = store;
  }

  /**
   * Assembles the tree of an image whose runtime lives in {@code javaHome} ({@code null}: an image
   * without Java) with the runtime's class-data archive, if it has one; generated files go to
   * {@code store}.
   */
  public static FileTree assemble(String javaHome, List<Input> inputs, Optional<Added> cdsArchive, UnpackCache store) {
    Rootfs rootfs = new Rootfs(store);
    rootfs.skeleton();
    for (Input input : inputs) {
      rootfs.extract(input);
    }
    rootfs.certificates();
    rootfs.fontconfigCache();
    rootfs.links(javaHome);
    cdsArchive.ifPresent(rootfs::cdsArchive);
    rootfs.tree.validate();
    return rootfs.tree;
  }

  private void skeleton() {
    tree.addDirectory(Contract.TMP, 01777, 0, 0);
    tree.addDirectory("root", 0700, 0, 0);
    tree.addDirectory("home", 0755, 0, 0);
    // Group 0 may write too: OpenShift runs images as an arbitrary UID in group 0, whose home
    // (through libnss-unknown and $HOME) and working directory this is as well.
    tree.addDirectory(Contract.NONROOT_HOME, 0775, Contract.NONROOT, 0);
    generate(Node.SKELETON, "etc/passwd", Contract.PASSWD.getBytes(StandardCharsets.UTF_8));
    generate(Node.SKELETON, "etc/group", Contract.GROUP.getBytes(StandardCharsets.UTF_8));
    generate(Node.SKELETON, "etc/nsswitch.conf", Contract.NSSWITCH.getBytes(StandardCharsets.UTF_8));
  }

  /** Where fontconfig is, its cache goes to /tmp (see {@link Contract#FONTCONFIG_LOCAL}). */
  private void fontconfigCache() {
    if (tree.contains(Contract.FONTCONFIG_CONF)) {
      generate(Node.SKELETON, Contract.FONTCONFIG_LOCAL, Contract.FONTCONFIG_LOCAL_CONTENT.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Into a folder the image holds (the runtime's home: Recipe.locked checks) and as no other file. */
  private void cdsArchive(Added archive) {
    String folder = archive.path().substring(0, archive.path().lastIndexOf('/'));
    if (!tree.contains(folder) || tree.contains(archive.path())) {
      throw new CatalogException("CDS archive /" + archive.path() + ": the image " + (tree.contains(folder)
          ? "already holds that file" : "has no folder /" + folder) + ", so the lock's archive is not this runtime's");
    }
    generate(CDS_ARCHIVE, archive.path(), archive.content());
  }

  private void generate(String origin, String path, byte[] content) {
    tree.addFile(path, 0644, store.generated(content), content.length, origin);
  }

  private void extract(Input input) {
    Unpacked unpacked = input.unpacked();
    String name = input.pin().name();
    PackageSpec spec = input.spec();
    List<Glob> always = Glob.all(Contract.alwaysKept(name));
    List<Glob> drop = Glob.all(spec.drop());
    Glob caSource = Glob.of(Contract.CA_SOURCES);
    Set<String> unmatched = new HashSet<>(spec.keep());
    Map<String, Glob> keepByPattern = new HashMap<>();
    spec.keep().forEach(pattern -> keepByPattern.put(pattern, Glob.of(pattern)));
    Set<String> keptFiles = new HashSet<>();
    for (Unpacked.Entry entry : unpacked.entries()) {
      String path = entry.path();
      if (entry.kind() == Unpacked.Kind.FILE && caSource.matches(path)) {
        caCertificates.put(path.substring(path.lastIndexOf('/') + 1), read(unpacked, path));
        continue;
      }
      boolean keptByPattern = false;
      for (Map.Entry<String, Glob> pattern : keepByPattern.entrySet()) {
        if (pattern.getValue().matches(path)) {
          unmatched.remove(pattern.getKey());
          keptByPattern = true;
        }
      }
      if ((keptByPattern || Glob.anyMatches(always, path)) && !Glob.anyMatches(drop, path)) {
        keep(unpacked, entry, keptFiles);
      }
    }
    // What scanners read to know which packages, at which versions, an image holds.
    generate(name, Contract.PACKAGE_RECORDS + name, unpacked.control().getBytes(StandardCharsets.UTF_8));
    if (!unmatched.isEmpty()) {
      throw new CatalogException("package " + name + ": keep pattern '" + unmatched.iterator().next()
          + "' matches no file of " + input.pin());
    }
  }

  private static byte[] read(Unpacked unpacked, String path) {
    try {
      return Files.readAllBytes(unpacked.files().resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void keep(Unpacked unpacked, Unpacked.Entry entry, Set<String> keptFiles) {
    String name = unpacked.name();
    String path = entry.path();
    switch (entry.kind()) {
      case SYMLINK -> tree.addSymlink(path, entry.target(), name);
      case HARDLINK -> {
        if (!keptFiles.contains(entry.target())) {
          throw new CatalogException("package " + name + ": hard link /" + path + " points to /"
              + entry.target() + ", which is not kept: keep both or neither");
        }
        addFile(unpacked, path, entry.mode(), entry.target());
      }
      case FILE -> {
        keptFiles.add(path);
        addFile(unpacked, path, entry.mode(), path);
      }
      default -> throw new CatalogException(
          "package " + name + ": /" + path + " is neither file, folder nor link");
    }
  }

  private void addFile(Unpacked unpacked, String path, int mode, String contentPath) {
    Path source = unpacked.files().resolve(contentPath);
    try {
      tree.addFile(path, mode, source, Files.size(source), unpacked.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /**
   * /usr/bin/java (Debian makes it at install time) with the JVM defaults the entrypoint names,
   * and the usrmerge links where /usr has them.
   */
  private void links(String javaHome) {
    if (javaHome != null) {
      tree.addSymlink("usr/bin/java", javaHome + "/bin/java", Node.SKELETON);
      generate(Node.SKELETON, Contract.JVM_DEFAULTS, Contract.JVM_DEFAULTS_CONTENT.getBytes(StandardCharsets.UTF_8));
    }
    for (String top : Contract.USRMERGE) {
      if (tree.contains("usr/" + top)) {
        tree.addSymlink(top, "usr/" + top, Node.SKELETON);
      }
    }
  }
}

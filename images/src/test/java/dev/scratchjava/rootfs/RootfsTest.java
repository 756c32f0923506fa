package dev.scratchjava.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsTest {
  private static final String JAVA_HOME = "/usr/lib/jvm/jre";

  @TempDir Path dir;
  private final List<PackageSpec> specs = new ArrayList<>();
  private final List<LockedPackage> pins = new ArrayList<>();

  private void add(String name, List<String> keep, List<String> drop, Debs deb) throws Exception {
    specs.add(PackageSpec.of(name, keep, drop));
    byte[] content = Files.readAllBytes(deb.writeTo(dir.resolve(name + ".deb")));
    pins.add(new LockedPackage(name, "1.0-1", "amd64", name, "suite", "pool/" + name + ".deb",
        content.length, Hashing.sha256(content)));
  }

  private UnpackCache store() {
    return new UnpackCache(dir.resolve("unpacked"), null);
  }

  /** A runtime, a C library and CA certificates, as small as the contract allows. */
  private void addMinimalImage() throws Exception {
    add(
        "libc",
        List.of("usr/lib/*-linux-gnu/libc.so.6", "usr/lib*/**/ld-linux-*"),
        List.of(),
        new Debs()
            .file("./lib/x86_64-linux-gnu/libc.so.6", "libc")
            .file("./lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "loader")
            .link("./lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
            .file("./usr/bin/ldd", "a script")
            .file("./usr/share/doc/libc/copyright", "licence")
            .file("./usr/share/doc/libc/changelog.gz", "history"));
    add(
        "jre",
        List.of("usr/lib/jvm/jre/**"),
        List.of("usr/lib/jvm/*/man/**"),
        new Debs()
            .file("./usr/lib/jvm/jre/bin/java", new byte[] {1, 2, 3}, 0755)
            .file("./usr/lib/jvm/jre/release", "JAVA_VERSION=\"17.0.1\"\n")
            .file("./usr/lib/jvm/jre/man/man1/java.1.gz", "manual")
            .link("./usr/lib/jvm/jre/lib/security/cacerts", "/etc/ssl/certs/java/cacerts"));
    add("ca-certificates", List.of(), List.of(),
        new Debs().file("./usr/share/ca-certificates/mozilla/Some_Root.crt", Debs.somePem()));
  }

  private FileTree assemble() {
    return assemble(Optional.empty());
  }

  private FileTree assemble(Optional<Rootfs.Added> cdsArchive) {
    UnpackCache store = store();
    List<Rootfs.Input> inputs = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      LockedPackage pin = pins.get(i);
      Path deb = dir.resolve(pin.name() + ".deb");
      inputs.add(new Rootfs.Input(specs.get(i), pin, store.get(pin, () -> deb)));
    }
    return Rootfs.assemble(JAVA_HOME, inputs, cdsArchive, store);
  }

  /** The unpacked folder of the package named {@code name}. */
  private Path unpackedFolder(String name) {
    return dir.resolve("unpacked/deb.v2").resolve(pins.stream().filter(pin -> pin.name().equals(name))
        .findFirst().orElseThrow().sha256());
  }

  @Test
  void putsTheCdsArchiveInItsOwnLayerIntoAFolderTheImageHoldsAsANewFile() throws Exception {
    addMinimalImage();
    byte[] archive = {4, 5, 6};
    Node added = assemble(Optional.of(new Rootfs.Added("usr/lib/jvm/jre/bin/classes.jsa", archive))).get("usr/lib/jvm/jre/bin/classes.jsa");
    assertEquals(Rootfs.CDS_ARCHIVE, added.origin());
    assertArrayEquals(archive, Files.readAllBytes(added.source()));
    String message = assertThrows(CatalogException.class,
        () -> assemble(Optional.of(new Rootfs.Added("usr/lib/jvm/jre/lib/server/classes.jsa", archive)))).getMessage();
    assertTrue(message.contains("has no folder /usr/lib/jvm/jre/lib/server"), message);
    message = assertThrows(CatalogException.class,
        () -> assemble(Optional.of(new Rootfs.Added("usr/lib/jvm/jre/bin/java", archive)))).getMessage();
    assertTrue(message.contains("/usr/lib/jvm/jre/bin/java: the image already holds that file"), message);
  }

  @Test
  void refusesAnUnpackedFileThatChangedSinceItWasUnpacked() throws Exception {
    addMinimalImage();
    assemble();
    Path java = unpackedFolder("jre").resolve("files/usr/lib/jvm/jre/bin/java");
    Files.write(java, new byte[] {9, 9, 9});
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("/usr/lib/jvm/jre/bin/java changed since it was unpacked"), message);
  }

  @Test
  void refusesAnUnpackedFileReachedThroughALinkedFolder() throws Exception {
    addMinimalImage();
    assemble();
    Path files = unpackedFolder("jre").resolve("files");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/bin"));
    Files.move(files.resolve("usr/lib/jvm/jre/bin/java"), elsewhere.resolve("java"));
    Files.delete(files.resolve("usr/lib/jvm/jre/bin"));
    Files.createSymbolicLink(files.resolve("usr/lib/jvm/jre/bin"), elsewhere);
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("/usr/lib/jvm/jre/bin/java changed since it was unpacked"), message);
  }

  @Test
  void rewritesAGeneratedFileWhoseBytesChanged() throws Exception {
    addMinimalImage();
    Path passwd = assemble().get("etc/passwd").source();
    Files.writeString(passwd, "root:x:0:0::/:/bin/sh\n");
    Path again = assemble().get("etc/passwd").source();
    assertEquals(Contract.PASSWD, Files.readString(again));
  }

  @Test
  void refusesAnUnpackedEntryThatLeavesTheImage() throws Exception {
    addMinimalImage();
    assemble();
    Path entries = unpackedFolder("jre").resolve("entries");
    Files.writeString(entries, Files.readString(entries).replace("usr/lib/jvm/jre/release", "../../../../etc/hostname"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("etc/hostname") && message.contains("unreadable unpacked package"), message);
  }

  @Test
  void assemblesTheContractSkeleton() throws Exception {
    addMinimalImage();
    FileTree tree = assemble();
    assertEquals(01777, tree.get("tmp").mode());
    Node home = tree.get("home/nonroot");
    assertEquals(0775, home.mode(), "writable by 65532 and by arbitrary UIDs in group 0, open to others");
    assertEquals(Contract.NONROOT, home.uid());
    assertEquals(0, home.gid());
    String passwd = Files.readString(tree.get("etc/passwd").source());
    assertTrue(passwd.contains("nonroot:x:65532:65532:"), passwd);
    assertTrue(passwd.contains("nobody:x:65534:65534:"), passwd);
    assertTrue(Files.readString(tree.get("etc/nsswitch.conf").source()).contains("passwd: files unknown"));
    assertEquals(JAVA_HOME + "/bin/java", tree.get("usr/bin/java").target());
  }

  @Test
  void movesTopLevelFoldersUnderUsrAndLinksThem() throws Exception {
    addMinimalImage();
    FileTree tree = assemble();
    assertEquals(Node.Kind.FILE, tree.get("usr/lib/x86_64-linux-gnu/libc.so.6").kind());
    assertEquals(Node.Kind.SYMLINK, tree.get("usr/lib64/ld-linux-x86-64.so.2").kind());
    assertEquals("usr/lib", tree.get("lib").target());
    assertEquals("usr/lib64", tree.get("lib64").target());
    assertEquals("usr/bin", tree.get("bin").target());
    assertNull(tree.get("sbin"), "no link to a folder the image does not have");
  }

  @Test
  void keepsOnlyWhatTheDefinitionKeepsAndEveryCopyright() throws Exception {
    addMinimalImage();
    FileTree tree = assemble();
    assertNull(tree.get("usr/bin/ldd"), "not in keep");
    assertNull(tree.get("usr/share/doc/libc/changelog.gz"), "docs other than copyright");
    assertNull(tree.get("usr/lib/jvm/jre/man/man1/java.1.gz"), "dropped");
    assertEquals(Node.Kind.FILE, tree.get("usr/share/doc/libc/copyright").kind());
    assertEquals(0755, tree.get("usr/lib/jvm/jre/bin/java").mode());
  }

  @Test
  void writesATruststoreThatJavaReadsWithoutAPassword() throws Exception {
    addMinimalImage();
    FileTree tree = assemble();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(tree.get(Contract.TRUSTSTORE).source())) {
      store.load(in, null);
    }
    assertEquals(1, store.size());
    assertTrue(store.isCertificateEntry(store.aliases().nextElement()));
    String bundle = Files.readString(tree.get(Contract.CA_BUNDLE).source());
    assertEquals(Debs.somePem(), bundle);
  }

  @Test
  void recordsEveryPackageForScanners() throws Exception {
    addMinimalImage();
    FileTree tree = assemble();
    for (String name : List.of("libc", "jre", "ca-certificates")) {
      Node record = tree.get(Contract.PACKAGE_RECORDS + name);
      assertEquals(name, record.origin(), "in the package's own layer");
      assertTrue(Files.readString(record.source()).startsWith("Package: " + name + "\n"));
    }
  }

  @Test
  void refusesEntriesThatEscapeTheRoot() throws Exception {
    add("evil", List.of("**"), List.of(), new Debs().file("./usr/../../etc/shadow", "x"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("evil") && message.contains("escapes"), message);
  }

  @Test
  void refusesAbsoluteEntryNames() throws Exception {
    add("evil", List.of("**"), List.of(), new Debs().file("/etc/shadow", "x"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("evil") && message.contains("absolute"), message);
  }

  @Test
  void refusesLinksThatLeaveTheImage() throws Exception {
    addMinimalImage();
    add("evil", List.of("**"), List.of(), new Debs().link("./usr/share/x", "../../../../etc/passwd"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("/usr/share/x") && message.contains("escapes"), message);
  }

  @Test
  void refusesLinksToFilesTheImageLacks() throws Exception {
    addMinimalImage();
    add("dangling", List.of("**"), List.of(), new Debs().link("./usr/share/x", "/usr/bin/ldd"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("/usr/share/x") && message.contains("/usr/bin/ldd"), message);
  }

  @Test
  void refusesHardLinksThatLeaveTheImage() throws Exception {
    addMinimalImage();
    add("evil", List.of("**"), List.of(), new Debs().hardLink("./usr/lib/x", "../../../etc/shadow"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("evil") && message.contains("escapes"), message);
  }

  @Test
  void refusesAPackageThatExpandsPastItsBound() throws Exception {
    addMinimalImage();
    byte[] zeros = new byte[70 << 20];
    add("bomb", List.of("**"), List.of(), new Debs().file("./usr/lib/zeros", zeros, 0644));
    assertTrue(Files.size(dir.resolve("bomb.deb")) < (1 << 20), "xz packs 70 MiB of zeros small");
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("bomb") && message.contains("expands past 64 MiB"), message);
  }

  @Test
  void refusesSetuidFiles() throws Exception {
    addMinimalImage();
    add("su", List.of("**"), List.of(), new Debs().file("./usr/bin/su", new byte[] {1}, 04755));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("/usr/bin/su") && message.contains("setuid"), message);
  }

  @Test
  void refusesAKeepPatternThatMatchesNothing() throws Exception {
    addMinimalImage();
    add("typo", List.of("usr/lib/nothing-here/*"), List.of(), new Debs().file("./usr/lib/x", "x"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("typo") && message.contains("usr/lib/nothing-here/*"), message);
  }

  @Test
  void storesHardLinksAsFiles() throws Exception {
    addMinimalImage();
    add("linked", List.of("usr/lib/a", "usr/lib/b"), List.of(),
        new Debs().file("./usr/lib/a", "same").hardLink("./usr/lib/b", "./usr/lib/a"));
    FileTree tree = assemble();
    assertEquals(Node.Kind.FILE, tree.get("usr/lib/b").kind());
    assertEquals("same", Files.readString(tree.get("usr/lib/b").source()));
  }

  @Test
  void refusesTheSamePathFromTwoPackages() throws Exception {
    addMinimalImage();
    add("clash", List.of("**"), List.of(), new Debs().file("./etc/passwd", "root::0:0"));
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("/etc/passwd") && message.contains("clash"), message);
  }

  @Test
  void needsCaCertificates() throws Exception {
    addMinimalImage();
    pins.remove(2);
    specs.remove(2);
    String message = assertThrows(CatalogException.class, this::assemble).getMessage();
    assertTrue(message.contains("ca-certificates"), message);
  }

  @Test
  void unpacksEachPackageOnceByContentWithStableTimes() throws Exception {
    addMinimalImage();
    FileTree first = assemble();
    Files.delete(dir.resolve("jre.deb"));
    FileTree second = assemble();
    Node java = second.get("usr/lib/jvm/jre/bin/java");
    assertEquals(first.get("usr/lib/jvm/jre/bin/java").source(), java.source());
    assertTrue(java.source().toString().contains(pins.get(1).sha256()), java.source().toString());
    assertEquals(0, Files.getLastModifiedTime(java.source()).toMillis());
    Node truststore = second.get(Contract.TRUSTSTORE);
    assertEquals(first.get(Contract.TRUSTSTORE).source(), truststore.source());
    assertEquals(0, Files.getLastModifiedTime(truststore.source()).toMillis());
  }

  @Test
  void leavesNothingUnpackedWhenAPackageIsRefused() throws Exception {
    addMinimalImage();
    add("evil", List.of(), List.of(), new Debs().file("./../etc/passwd", "x"));
    assertThrows(CatalogException.class, this::assemble);
    try (var left = Files.list(dir.resolve("unpacked/deb.v2"))) {
      assertEquals(
          Set.of(pins.get(0).sha256(), pins.get(1).sha256(), pins.get(2).sha256()),
          left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  /** One real CA certificate, taken from the JDK running the test, as a PEM file. */

  @Test
  void canonicalPathsFollowUsrmerge() {
    assertEquals("usr/lib/x86_64-linux-gnu/libc.so.6", FileTree.canonical("./lib/x86_64-linux-gnu/libc.so.6"));
    assertEquals("usr/bin/x", FileTree.canonical("./bin/x"));
    assertEquals("etc/java/x", FileTree.canonical("./etc//java/./x"));
    assertEquals("library/x", FileTree.canonical("./library/x"), "only whole folder names move");
    assertThrows(IllegalArgumentException.class, () -> FileTree.canonical("./a/../../b"));
  }
}

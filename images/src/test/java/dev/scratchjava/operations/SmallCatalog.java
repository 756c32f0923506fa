package dev.scratchjava.operations;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.rootfs.Debs;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A catalog of one small image, java17 for amd64, with a variant "tools", made of .deb files the
 * tests write straight into the package cache ({@code cache/} below the root): a build needs no
 * mirror and takes seconds.
 */
final class SmallCatalog {
  private final Path root;
  private final Map<String, LockedPackage> pins = new HashMap<>();

  SmallCatalog(Path root) throws Exception {
    this.root = root;
    Files.createDirectories(root.resolve("releases"));
    Files.writeString(root.resolve("releases/test.json"), """
        {"version": "12", "suites": ["bookworm"], "securitySupportEnds": "2028-06-30", "packages": [
          {"name": "libc6", "keep": ["usr/lib/*-linux-gnu/libc.so.6"]}, {"name": "ca-certificates"}]}
        """);
    Files.createDirectories(root.resolve("java17"));
    Files.writeString(root.resolve("java17/image.json"), """
        {"description": "test", "java": 17, "release": "test", "architectures": ["amd64"],
         "javaHome": "/usr/lib/jvm/jre", "licenses": "MIT",
         "packages": [{"name": "jre", "keep": ["usr/lib/jvm/jre/**"]}],
         "variants": {"tools": {"description": "test with a tool",
           "packages": [{"name": "tool", "keep": ["usr/bin/tool"]}]}}}
        """);
    Files.writeString(root.resolve("README.md"), """
        <!-- BEGIN GENERATED images: made by ./catalog generate from the catalog folders; do not edit -->
        <!-- END GENERATED images -->
        <!-- BEGIN GENERATED exit-statuses: made by ./catalog generate from the catalog folders; do not edit -->
        <!-- END GENERATED exit-statuses -->
        """);
    Files.createDirectories(root.resolve(".github/workflows"));
    for (String workflow : List.of("ci.yml", "publish.yml")) {
      Files.writeString(root.resolve(".github/workflows/" + workflow), """
          # BEGIN GENERATED images: made by ./catalog generate from the catalog folders; do not edit
          # END GENERATED images
          """);
    }
    deb("libc6", new Debs().file("./lib/x86_64-linux-gnu/libc.so.6", "libc"));
    deb("ca-certificates", new Debs().file("./usr/share/ca-certificates/mozilla/Root.crt", Debs.somePem()));
    deb("jre", new Debs().file("./usr/lib/jvm/jre/bin/java", new byte[] {1, 2, 3}, 0755)
        .file("./usr/lib/jvm/jre/release", "JAVA_VERSION=\"17.0.1\"\n"));
    deb("tool", new Debs().file("./usr/bin/tool", new byte[] {4, 5}, 0755));
    String none = "sha256:" + "0".repeat(64);
    lock(Map.of("java17", none, "java17-tools", none));
  }

  private void deb(String name, Debs content) throws IOException {
    Path deb = content.writeTo(root.resolve(name + ".deb"));
    String sha256 = Hashing.sha256(deb);
    Path cached = cache().resolve("packages/sha256/" + sha256 + ".deb");
    Files.createDirectories(cached.getParent());
    Files.move(deb, cached);
    pins.put(name, new LockedPackage(name, "1.0-1", "amd64", name, "bookworm",
        "pool/main/" + name + ".deb", Files.size(cached), sha256));
  }

  Path root() {
    return root;
  }

  /** A Packages index that offers exactly the builds the tests' .deb files are. */
  String packagesIndex() {
    StringBuilder index = new StringBuilder();
    new TreeMap<>(pins).values().forEach(pin -> index.append("Package: ").append(pin.name())
        .append("\nVersion: ").append(pin.version()).append("\nArchitecture: ").append(pin.architecture())
        .append("\nFilename: ").append(pin.path()).append("\nSize: ").append(pin.size())
        .append("\nSHA256: ").append(pin.sha256()).append("\n\n"));
    return index.toString();
  }

  /** The cache the tests' .deb files are in. */
  Path cache() {
    return root.resolve("cache");
  }

  Catalog catalog() {
    return Catalog.at(root);
  }

  /** A workspace on this catalog that writes below {@code target/} and never asks a mirror. */
  Workspace workspace() {
    return new Workspace(root, cache(), root.resolve("target"),
        () -> { throw new AssertionError("no mirror is needed"); }, line -> { });
  }

  /** Rewrites the lock of every variant with these digests (by variant id), as lock would write it. */
  void lock(Map<String, String> digests) {
    Catalog catalog = catalog();
    Map<String, Lock> variants = new TreeMap<>();
    Lock plain = null;
    for (Definition definition : catalog.definitions("java17")) {
      List<LockedPackage> packages = definition.packages().stream().map(spec -> pins.get(spec.name())).toList();
      Lock lock = new Lock(Map.of(Architecture.AMD64, new Lock.Pins(digests.get(definition.id()), "17.0.1", null, packages)));
      if (definition.isDefault()) {
        plain = lock;
      } else {
        variants.put(definition.variant(), lock);
      }
    }
    new Lock(plain.architectures(), variants).write(catalog.folder("java17"));
  }
}

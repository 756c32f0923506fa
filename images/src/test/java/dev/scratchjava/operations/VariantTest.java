package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.rootfs.Debs;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.DockerSave;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A variant is data: a few lines in a definition give an image that is locked, built, tagged and
 * listed like the default one, holding the default image's files byte for byte plus its own. Shown
 * with a trivial variant of a small test image built from .deb files the test makes.
 */
class VariantTest {
  @TempDir Path root;
  private final Map<String, LockedPackage> pins = new HashMap<>();

  private void deb(String name, Debs content) throws IOException {
    Path deb = content.writeTo(root.resolve(name + ".deb"));
    String sha256 = Hashing.sha256(deb);
    Path cached = root.resolve("cache/packages/sha256/" + sha256 + ".deb");
    Files.createDirectories(cached.getParent());
    Files.move(deb, cached);
    pins.put(name, new LockedPackage(name, "1.0-1", "amd64", name, "bookworm",
        "pool/main/" + name + ".deb", Files.size(cached), sha256));
  }

  private void catalog() throws Exception {
    Files.createDirectories(root.resolve("releases"));
    Files.writeString(root.resolve("releases/test.json"), """
        {"suites": ["bookworm"], "securitySupportEnds": "2028-06-30", "packages": [
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
  }

  /** A lock of every variant with these digests, as lock would write it. */
  private void lock(Catalog catalog, Map<String, String> digests) {
    Map<String, Lock> variants = new TreeMap<>();
    Lock plain = null;
    for (Definition definition : catalog.definitions("java17")) {
      List<LockedPackage> packages = definition.packages().stream().map(spec -> pins.get(spec.name())).toList();
      Lock lock = new Lock(Map.of(Architecture.AMD64, new Lock.Pins(digests.get(definition.id()), "17.0.1", packages)));
      if (definition.isDefault()) {
        plain = lock;
      } else {
        variants.put(definition.variant(), lock);
      }
    }
    new Lock(plain.architectures(), variants).write(catalog.folder("java17"));
  }

  private static Map<String, String> files(Path tar) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (DockerSave image = DockerSave.open(tar)) {
      image.forEachEntry((path, entry, content) -> {
        if (entry.isFile()) {
          files.put(path, Hashing.sha256(content.readAllBytes()));
        }
      });
    }
    return files;
  }

  @Test
  void aLayerChangedInJibsCacheFailsTheBuildAndLeavesNoTar() throws Exception {
    catalog();
    Workspace workspace = new Workspace(root, root.resolve("cache"), root.resolve("target"),
        () -> { throw new AssertionError("no mirror is needed"); }, line -> { });
    lock(Catalog.at(root), Map.of("java17", "sha256:" + "0".repeat(64), "java17-tools", "sha256:" + "0".repeat(64)));
    Path tar = new Build(workspace).run(Selection.all(), false).images().get(0).tar();
    Files.delete(tar);
    // The same length, other bytes: what a damaged disk or a tampering neighbour leaves.
    Path blob;
    try (Stream<Path> files = Files.walk(root.resolve("cache"))) {
      blob = files.filter(file -> file.toString().contains("/layers/") && Files.isRegularFile(file))
          .max(Comparator.comparingLong(file -> file.toFile().length())).orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(blob, bytes);

    String message = assertThrows(CatalogException.class, () -> new Build(workspace).run(Selection.all(), false))
        .getMessage();
    assertTrue(message.contains("layer"), message);
    assertFalse(Files.exists(tar), "a tar with the damaged layer was left in place");
  }

  @Test
  void aVariantIsLockedBuiltTaggedAndListedLikeTheDefaultImage() throws Exception {
    catalog();
    Catalog catalog = Catalog.at(root);
    Workspace workspace = new Workspace(root, root.resolve("cache"), root.resolve("target"),
        () -> { throw new AssertionError("no mirror is needed"); }, line -> { });
    String none = "sha256:" + "0".repeat(64);
    lock(catalog, Map.of("java17", none, "java17-tools", none));

    Build.Report first = new Build(workspace).run(Selection.all(), false);
    assertEquals(2, first.images().size(), "the default image and its variant");
    assertEquals(ExitStatus.DIGEST_DIFFERS, first.status(), "the lock does not have their digests yet");
    Map<String, String> digests = new HashMap<>();
    first.images().forEach(one -> digests.put(one.recipe().definition().id(), one.digest()));
    assertNotEquals(digests.get("java17"), digests.get("java17-tools"));
    lock(catalog, digests);
    assertEquals(ExitStatus.OK, new Build(workspace).run(Selection.all(), false).status());

    BuiltImage plain = first.images().get(0);
    BuiltImage tools = first.images().get(1);
    assertEquals("java17-tools", tools.recipe().definition().id());
    Map<String, String> plainFiles = files(plain.tar());
    Map<String, String> toolsFiles = files(tools.tar());
    List<String> changed = new ArrayList<>();
    plainFiles.forEach((path, hash) -> {
      if (!hash.equals(toolsFiles.get(path))) {
        changed.add(path);
      }
    });
    assertEquals(List.of(), changed, "the default image's files, byte for byte, in the variant");
    assertTrue(toolsFiles.containsKey("usr/bin/tool") && !plainFiles.containsKey("usr/bin/tool"));

    new Generated(catalog, List.of()).write();
    String readme = Files.readString(root.resolve("README.md"));
    assertTrue(readme.contains("| java17 tools | 17.0.1 | jre 1.0-1 |") && readme.contains("`17-tools`")
        && readme.contains("`17.0.1-tools`"), readme);
  }
}

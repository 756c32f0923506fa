package dev.scratchjava.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionTest {
  private static final String RELEASE =
      """
      {
        "version": "12",
        "suites": ["bookworm", "bookworm-security"],
        "securitySupportEnds": "2028-06-30",
        "packages": [
          { "name": "libc6", "keep": ["usr/lib/*/libc.so.6"] },
          { "name": "zlib1g", "keep": ["usr/lib/*/libz.so.1*"] }
        ]
      }
      """;
  private static final String VALID =
      """
      {
        "description": "a test image",
        "java": 17,
        "release": "test",
        "architectures": ["amd64", "arm64"],
        "javaHome": "/usr/lib/jvm/java-17-openjdk-{arch}",
        "licenses": "GPL-2.0-only",
        "packages": [
          { "name": "libc6", "keep": ["usr/lib/*/librt.so.1"] },
          { "name": "openjdk-17-jre-headless", "keep": ["usr/lib/jvm/**"], "drop": ["**/man/**"] }
        ],
        "variants": {
          "debug": {
            "description": "a test image with tools",
            "packages": [ { "name": "busybox-static", "keep": ["usr/bin/busybox"] } ]
          }
        }
      }
      """;

  @TempDir Path root;

  @BeforeEach
  void release() throws IOException {
    Files.writeString(Files.createDirectories(root.resolve(PackageSet.FOLDER)).resolve("test.json"), RELEASE);
  }

  private Catalog catalog(String json) throws IOException {
    Path folder = Files.createDirectories(root.resolve("java17"));
    Files.writeString(folder.resolve(Family.FILE), json);
    return Catalog.at(root);
  }

  /** The definition with {@code fields} added to its debug variant. */
  private static String withVariantFields(String fields) {
    return VALID.replace("\"description\": \"a test image with tools\",", "\"description\": \"a test image with tools\", " + fields);
  }

  private String error(String json) throws IOException {
    return errorOf(json, "");
  }

  private String errorOf(String json, String variant) throws IOException {
    Catalog catalog = catalog(json);
    return assertThrows(CatalogException.class, () -> catalog.definition("java17", variant)).getMessage();
  }

  @Test
  void putsAVariantsFoldersOnPathAfterTheRuntimesAndKeepsItsShells() throws IOException {
    Catalog catalog = catalog(withVariantFields("\"path\": [\"/opt/tools-{arch}/bin\"],"
            + " \"shells\": [\"/usr/bin/busybox\"],"));
    Definition debug = catalog.definition("java17", "debug");
    assertEquals("/usr/lib/jvm/java-17-openjdk-arm64/bin:/opt/tools-arm64/bin:/usr/local/bin:/usr/bin:/bin",
        debug.path(Architecture.ARM64));
    assertEquals(List.of("/usr/bin/busybox"), debug.shells());
    Definition plain = catalog.definition("java17", "");
    assertEquals("/usr/lib/jvm/java-17-openjdk-arm64/bin:/usr/local/bin:/usr/bin:/bin", plain.path(Architecture.ARM64));
    assertEquals(List.of(), plain.shells());
  }

  @Test
  void layersTheSharedPackagesFirstAndExtendsThoseTheImageNames() throws IOException {
    Definition definition = catalog(VALID).definition("java17");
    assertEquals("java17", definition.name());
    assertEquals(17, definition.java());
    assertEquals(List.of("bookworm", "bookworm-security"), definition.suites());
    assertEquals("/usr/lib/jvm/java-17-openjdk-arm64", definition.javaHome(Architecture.ARM64));
    assertEquals(List.of("libc6", "zlib1g", "openjdk-17-jre-headless"),
        definition.packages().stream().map(PackageSpec::name).toList());
    assertEquals(List.of("usr/lib/*/libc.so.6", "usr/lib/*/librt.so.1"), definition.packages().get(0).keep());
    assertEquals("openjdk-17-jre-headless", definition.runtimePackage().name());
    assertEquals(List.of("**/man/**"), definition.runtimePackage().drop());
    assertEquals("java17:17-amd64", definition.reference(Architecture.AMD64));
  }

  @Test
  void knowsWhenDebiansSecuritySupportForItsSuitesEnds() throws IOException {
    Definition definition = catalog(VALID).definition("java17");
    assertEquals(LocalDate.of(2028, 6, 30), definition.securitySupportEnds());
    assertFalse(definition.supportEndedBy(LocalDate.of(2028, 6, 30)), "the last day is still supported");
    assertTrue(definition.supportEndedBy(LocalDate.of(2028, 7, 1)));

    Files.writeString(root.resolve("releases/test.json"), RELEASE.replace("2028-06-30", "June 2028"));
    String notADate = error(VALID);
    assertTrue(notADate.contains("releases/test.json") && notADate.contains("'securitySupportEnds'"), notADate);

    Files.writeString(root.resolve("releases/test.json"), RELEASE.replace("\"securitySupportEnds\": \"2028-06-30\",", ""));
    String missing = error(VALID);
    assertTrue(missing.contains("missing field 'securitySupportEnds'"), missing);
  }

  @Test
  void leavesOutTheSharedPackagesItsRuntimeDoesNotLoad() throws IOException {
    String without = VALID.replace("\"variants\"", "\"without\": [\"zlib1g\"], \"variants\"");
    assertEquals(List.of("libc6", "openjdk-17-jre-headless"),
        catalog(without).definition("java17").packages().stream().map(PackageSpec::name).toList());

    String notShared = error(without.replace("[\"zlib1g\"]", "[\"zlib\"]"));
    assertTrue(notShared.contains("'without'") && notShared.contains("'zlib'"), notShared);

    String both = error(without.replace("[\"zlib1g\"]", "[\"libc6\"]"));
    assertTrue(both.contains("'libc6'") && both.contains("'without'"), both);
  }

  @Test
  void aVariantIsTheDefaultImagePlusItsPackagesTaggedWithItsName() throws IOException {
    Catalog catalog = catalog(VALID);
    Definition plain = catalog.definition("java17");
    Definition debug = catalog.definition("java17", "debug");
    assertEquals(List.of(plain, debug), catalog.definitions("java17"));
    assertEquals(plain.packages(), debug.packages().subList(0, plain.packages().size()));
    assertEquals("busybox-static", debug.packages().get(plain.packages().size()).name());
    assertEquals("openjdk-17-jre-headless", debug.runtimePackage().name(), "the runtime stays the runtime");
    assertEquals("a test image with tools", debug.description());
    assertEquals("java17-debug", debug.id());
    assertEquals("java17:17-debug-arm64", debug.reference(Architecture.ARM64));
    assertEquals("java17:17-debug", debug.hostReference());
  }

  private static final String BASE =
      """
      {"description": "a base", "repository": "base", "release": "test", "architectures": ["amd64"],
       "licenses": "LGPL-2.1-or-later", "without": ["zlib1g"]}
      """;

  @Test
  void aFamilyWithoutJavaIsABaseTaggedWithItsReleasesNumber() throws IOException {
    Files.writeString(Files.createDirectories(root.resolve("base-test")).resolve(Family.FILE), BASE);
    Definition base = Catalog.at(root).definition("base-test");
    assertFalse(base.hasJava());
    assertEquals("base:12-amd64", base.reference(Architecture.AMD64));
    assertEquals(List.of("libc6"), base.packages().stream().map(PackageSpec::name).toList());
    assertEquals("/usr/local/bin:/usr/bin:/bin", base.path(Architecture.AMD64));

    // A second folder published as the same repository and tag would move the first one's tags.
    Files.writeString(Files.createDirectories(root.resolve("base-again")).resolve(Family.FILE), BASE);
    String twice = assertThrows(CatalogException.class, () -> Catalog.at(root).definition("base-test")).getMessage();
    assertTrue(twice.contains("base-test/image.json") && twice.contains("base-again is published as base:12 too"), twice);
  }

  @Test
  void runsARuntimeOnTheBaseOfItsReleaseElseOnTheOldestNewerOne() throws IOException {
    Path releases = root.resolve(PackageSet.FOLDER);
    Files.writeString(releases.resolve("old.json"), RELEASE.replace("\"version\": \"12\"", "\"version\": \"11\""));
    Files.writeString(releases.resolve("new.json"), RELEASE.replace("\"version\": \"12\"", "\"version\": \"13\""));
    Files.writeString(releases.resolve("newer.json"), RELEASE.replace("\"version\": \"12\"", "\"version\": \"14\""));
    Files.writeString(Files.createDirectories(root.resolve("base-test")).resolve(Family.FILE), BASE);
    Files.writeString(Files.createDirectories(root.resolve("base-newer")).resolve(Family.FILE),
        BASE.replace("\"release\": \"test\"", "\"release\": \"newer\""));
    for (String release : List.of("old", "test", "new")) {
      Files.writeString(Files.createDirectories(root.resolve("java-" + release)).resolve(Family.FILE),
          VALID.replace("\"release\": \"test\"", "\"release\": \"" + release + "\""));
    }
    Catalog catalog = Catalog.at(root);
    assertEquals("base-test", catalog.baseFor(catalog.definition("java-old"), Architecture.AMD64).orElseThrow().name());
    assertEquals("base-test", catalog.baseFor(catalog.definition("java-test"), Architecture.AMD64).orElseThrow().name());
    assertEquals("base-newer", catalog.baseFor(catalog.definition("java-new"), Architecture.AMD64).orElseThrow().name());
    assertTrue(catalog.baseFor(catalog.definition("java-new"), Architecture.ARM64).isEmpty(), "the bases are amd64 only");
  }

  @Test
  void namesTheFileAndFieldOfEveryMistake() throws IOException {
    String missing = error(VALID.replace("\"java\": 17,", ""));
    assertTrue(missing.contains("java17/image.json") && missing.contains("'java' and 'javaHome' come together"), missing);

    String noRuntime = error(VALID.replace("{ \"name\": \"libc6\", \"keep\": [\"usr/lib/*/librt.so.1\"] },", "")
        .replace("{ \"name\": \"openjdk-17-jre-headless\", \"keep\": [\"usr/lib/jvm/**\"], \"drop\": [\"**/man/**\"] }", ""));
    assertTrue(noRuntime.contains("'packages' must end with the Java runtime's package"), noRuntime);

    String unknown = error(VALID.replace("\"java\": 17,", "\"java\": 17, \"jave\": 17,"));
    assertTrue(unknown.contains("unknown field 'jave'"), unknown);

    String wrongType = error(VALID.replace("\"java\": 17", "\"java\": \"17\""));
    assertTrue(wrongType.contains("'java'") && wrongType.contains("whole number"), wrongType);

    String outOfRange = error(VALID.replace("\"java\": 17", "\"java\": 4294967313"));
    assertTrue(outOfRange.contains("range"), outOfRange);

    String twiceKey = error(VALID.replace("\"java\": 17,", "\"java\": 17, \"java\": 21,"));
    assertTrue(twiceKey.contains("twice") && twiceKey.contains("java"), twiceKey);

    String arch = error(VALID.replace("\"arm64\"]", "\"mips\"]"));
    assertTrue(arch.contains("architectures") && arch.contains("mips"), arch);

    String packageField = error(VALID.replace("\"keep\": [\"usr/lib/jvm/**\"]", "\"kep\": []"));
    assertTrue(packageField.contains("packages[1]") && packageField.contains("'kep'"), packageField);

    String twice = error(VALID.replace("openjdk-17-jre-headless", "libc6"));
    assertTrue(twice.contains("'libc6' listed twice"), twice);

    String variant = error(VALID.replace("\"debug\"", "\"Debug!\""));
    assertTrue(variant.contains("Debug!"), variant);

    String number = error(VALID.replace("\"name\": \"busybox-static\"", "\"name\": 5"));
    assertTrue(number.contains("'name'") && number.contains("a string"), number);

    String nullVariant = error(VALID.replace("\"debug\": {", "\"debug\": null, \"tools\": {"));
    assertTrue(nullVariant.contains("'debug'") && nullVariant.contains("null"), nullVariant);

    String sharedInVariant = errorOf(VALID.replace("\"busybox-static\"", "\"zlib1g\""), "debug");
    assertTrue(sharedInVariant.contains("'zlib1g'") && sharedInVariant.contains("only adds"), sharedInVariant);

    String archVariant = error(VALID.replace("\"debug\"", "\"arm64\""));
    assertTrue(archVariant.contains("'arm64'") && archVariant.contains("architecture"), archVariant);

    String climbingShell = error(withVariantFields("\"shells\": [\"/usr/../bin/sh\"],"));
    assertTrue(climbingShell.contains("'shells'") && climbingShell.contains("/usr/../bin/sh"), climbingShell);

    String relativePath = error(withVariantFields("\"path\": [\"bin:/x\"],"));
    assertTrue(relativePath.contains("'path'") && relativePath.contains("bin:/x"), relativePath);

    String otherPlaceholder = error(withVariantFields("\"path\": [\"/opt/{ARCH}/bin\"],"));
    assertTrue(otherPlaceholder.contains("'path'") && otherPlaceholder.contains("{ARCH}"), otherPlaceholder);

    String placeholderShell = error(withVariantFields("\"shells\": [\"/usr/bin/{arch}\"],"));
    assertTrue(placeholderShell.contains("'shells'") && placeholderShell.contains("{arch}"), placeholderShell);

    String climbing = error(VALID.replace("\"release\": \"test\"", "\"release\": \"../x\""));
    assertTrue(climbing.contains("'release'"), climbing);

    String release = error(VALID.replace("\"release\": \"test\"", "\"release\": \"nope\""));
    assertTrue(release.contains("releases/nope.json") && release.contains("not found"), release);
  }

  @Test
  void readsEveryImageOfTheCatalog() {
    Catalog catalog = Catalog.at(Path.of(".."));
    assertTrue(catalog.images().contains("java17"), catalog.images().toString());
    for (String image : catalog.images()) {
      for (Definition definition : catalog.definitions(image)) {
        Lock lock = catalog.lock(definition);
        assertEquals(definition.architectures(), List.copyOf(lock.architectures().keySet()),
            definition.id() + ": the lock pins every architecture of the definition");
        for (Architecture arch : definition.architectures()) {
          assertEquals(definition.packages().stream().map(PackageSpec::name).sorted().toList(),
              lock.pins(arch).packages().stream().map(LockedPackage::name).toList(),
              definition.id() + " " + arch + ": the lock pins every package, no more");
        }
      }
    }
  }

  @Test
  void namesTheImageAUserMistyped() {
    String message =
        assertThrows(CatalogException.class, () -> Catalog.at(Path.of("..")).folder("java71"))
            .getMessage();
    assertTrue(message.contains("java71") && message.contains("java17"), message);
  }

  @Test
  void knowsEachArchitectureByEveryName() {
    assertEquals(Architecture.PPC64LE, Architecture.named("ppc64el"));
    assertEquals(Architecture.PPC64LE, Architecture.named("ppc64le"));
    assertEquals("ppc64le", Architecture.PPC64LE.oci());
    assertEquals("aarch64", Architecture.ARM64.java());
    assertEquals("aarch64", Architecture.ARM64.qemu());
    assertEquals("x86_64", Architecture.AMD64.qemu());
    assertThrows(IllegalArgumentException.class, () -> Architecture.named("mips"));
  }
}

package dev.scratchjava.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockTest {
  @TempDir Path folder;

  private static LockedPackage pin(String name, String version, char hash) {
    return new LockedPackage(name, version, "amd64", name, "bookworm",
        "pool/main/" + name + "_" + version.replaceFirst("^[0-9]+:", "") + ".deb", 1234, String.valueOf(hash).repeat(64));
  }

  private static Lock lock(LockedPackage... packages) {
    return new Lock(Map.of(Architecture.AMD64, new Lock.Pins("sha256:" + "a".repeat(64), "17.0.1", null, List.of(packages))));
  }

  @Test
  void roundTripsThroughItsFile() {
    Lock lock = lock(pin("zlib1g", "1:1.2.13.dfsg-1", 'b'), pin("libc6", "2.36-9", 'c'));
    lock.write(folder);
    assertEquals(lock, Lock.read(folder));
  }

  @Test
  void roundTripsAnArchitecturesCdsArchiveAndSaysWhenItChanges() {
    List<LockedPackage> packages = List.of(pin("openjdk-11-jre-headless", "11.0.1-1", 'b'));
    CdsArchive archive = new CdsArchive("usr/lib/jvm/java-11-openjdk-amd64/lib/server/classes.jsa", 11919360,
        "d".repeat(64), "b".repeat(64));
    Lock plain = new Lock(Map.of(Architecture.AMD64, new Lock.Pins("sha256:" + "a".repeat(64), "11.0.1", null, packages)));
    Lock with = new Lock(Map.of(Architecture.AMD64,
        new Lock.Pins("sha256:" + "e".repeat(64), "11.0.1", archive, packages)));
    with.write(folder);
    assertEquals(with, Lock.read(folder));
    assertTrue(with.changesSince(Optional.of(plain)).contains("amd64 CDS archive: (none) -> " + "d".repeat(64)),
        with.changesSince(Optional.of(plain)).toString());
    plain.write(folder);
    assertEquals(Optional.empty(), Lock.read(folder).pins(Architecture.AMD64).archive(), "absent, not null in the file");
  }

  @Test
  void refusesACdsArchivePathOutsideTheImage() {
    for (String path : List.of("usr/lib/../../etc/x.jsa", "/usr/lib/classes.jsa", "classes.jsa", "usr/lib/classes.so")) {
      String message = assertThrows(IllegalArgumentException.class,
          () -> new CdsArchive(path, 1, "d".repeat(64), "b".repeat(64))).getMessage();
      assertTrue(message.contains("cdsArchive.path"), message);
    }
  }

  @Test
  void writesPackagesSortedByNameAndEndsWithANewline() throws IOException {
    lock(pin("zlib1g", "1", 'b'), pin("libc6", "2", 'c')).write(folder);
    String text = Files.readString(folder.resolve(Lock.FILE));
    assertTrue(text.indexOf("libc6") < text.indexOf("zlib1g"), text);
    assertTrue(text.endsWith("}\n"));
    try (var files = Files.list(folder)) {
      assertEquals(List.of(folder.resolve(Lock.FILE)), files.toList(), "no temporary file left");
    }
  }

  @Test
  void revisionDependsOnlyOnThePackages() {
    Lock one = lock(pin("libc6", "2", 'c'));
    Lock same = new Lock(Map.of(Architecture.AMD64, new Lock.Pins("sha256:" + "f".repeat(64), "17.0.1", null, one.pins(Architecture.AMD64).packages())));
    Lock other = lock(pin("libc6", "3", 'd'));
    assertEquals(one.revision(), same.revision());
    assertNotEquals(one.revision(), other.revision());
    assertEquals(12, one.revision().length());
  }

  @Test
  void listsChangedVersionsAndDigests() {
    Lock before = lock(pin("libc6", "2", 'c'), pin("gone", "1", 'e'));
    Lock after = new Lock(Map.of(Architecture.AMD64, new Lock.Pins("sha256:" + "b".repeat(64), "17.0.2", null,
        List.of(pin("libc6", "3", 'd')))));
    List<String> changes = after.changesSince(Optional.of(before));
    assertTrue(changes.contains("amd64 libc6: 2 -> 3"), changes.toString());
    assertTrue(changes.contains("amd64 gone: 1 -> (removed)"), changes.toString());
    assertTrue(changes.stream().anyMatch(line -> line.startsWith("amd64 digest: ")), changes.toString());
    assertEquals(List.of(), before.changesSince(Optional.of(before)));
  }

  @Test
  void rewritesEveryLockOfTheCatalogByteForByte() throws IOException {
    Catalog catalog = Catalog.at(Path.of(".."));
    for (String image : catalog.images()) {
      Path original = catalog.folder(image).resolve(Lock.FILE);
      catalog.lock(image).write(folder);
      assertEquals(Files.readString(original), Files.readString(folder.resolve(Lock.FILE)), image);
    }
  }

  @Test
  void keepsEachVariantsPinsApartAndNamesItInChanges() {
    Lock plain = lock(pin("libc6", "2", 'c'));
    Lock debug = lock(pin("libc6", "2", 'c'), pin("busybox-static", "1", 'e'));
    Lock both = new Lock(plain.architectures(), Map.of("debug", debug));
    both.write(folder);
    Lock read = Lock.read(folder);
    assertEquals(both, read);
    assertEquals(plain, read.of(""));
    assertEquals(debug, read.of("debug"));
    assertNotEquals(read.of("").revision(), read.of("debug").revision());
    Lock newer = new Lock(plain.architectures(),
        Map.of("debug", lock(pin("libc6", "2", 'c'), pin("busybox-static", "2", 'f'))));
    assertEquals(List.of("debug amd64 busybox-static: 1 -> 2"), newer.changesSince(Optional.of(both)));
    assertEquals(List.of("debug: (removed)"), plain.changesSince(Optional.of(both)),
        "a variant taken out of the definition is taken out of the lock");
    String missing = assertThrows(CatalogException.class, () -> plain.of("jdk")).getMessage();
    assertTrue(missing.contains("variant 'jdk'"), missing);
  }

  @Test
  void recordsTheSuitesReadPastTheirValidUntilAndNamesTheChange() throws IOException {
    Lock plain = lock(pin("libc6", "2", 'c'));
    Lock snapshot = new Lock(plain.architectures(), Map.of(), Map.of("sid", "2026-11-06T08:08:01Z"));
    snapshot.write(folder);
    String text = Files.readString(folder.resolve(Lock.FILE));
    assertTrue(text.startsWith("{\n  \"expiredIndices\" : {\n    \"sid\" : \"2026-11-06T08:08:01Z\""), text);
    assertEquals(snapshot, Lock.read(folder));
    assertEquals(List.of("indices read past their Valid-Until: {} -> {sid=2026-11-06T08:08:01Z}"),
        snapshot.changesSince(Optional.of(plain)));
    assertEquals(List.of(), snapshot.changesSince(Optional.of(snapshot)));
    String notATime = errorReading(text.replace("2026-11-06T08:08:01Z", "last week"));
    assertTrue(notATime.contains("expiredIndices.sid") && notATime.contains("'last week'"), notATime);
  }

  private String errorReading(String json) throws IOException {
    Files.writeString(folder.resolve(Lock.FILE), json);
    return assertThrows(CatalogException.class, () -> Lock.read(folder)).getMessage();
  }

  @Test
  void namesTheFieldOfAMalformedLock() throws IOException {
    lock(pin("libc6", "2", 'c')).write(folder);
    String valid = Files.readString(folder.resolve(Lock.FILE));

    String missing = errorReading(valid.replaceAll(",\\s*\"sha256\" : \"c+\"", ""));
    assertTrue(missing.contains(Lock.FILE) && missing.contains("'sha256'"), missing);

    String unknown = errorReading(valid.replace("\"digest\"", "\"colour\" : 1, \"digest\""));
    assertTrue(unknown.contains("unknown field 'colour'"), unknown);

    String wrongType = errorReading(valid.replace("\"size\" : 1234", "\"size\" : \"big\""));
    assertTrue(wrongType.contains("'size'") && wrongType.contains("packages[0]"), wrongType);

    String badHash = errorReading(valid.replace("c".repeat(64), "xyz"));
    assertTrue(badHash.contains("sha256"), badHash);

    String twice = errorReading(valid.replace("\"digest\"", "\"version\" : \"1\", \"digest\""));
    assertTrue(twice.contains("version") && twice.contains("twice"), twice);

    String huge = errorReading(valid.replace("\"size\" : 1234", "\"size\" : 99999999999999999999"));
    assertTrue(huge.contains("size") && huge.contains("range"), huge);

    String arch = errorReading(valid.replace("\"amd64\" : {", "\"mips\" : {"));
    assertTrue(arch.contains("mips"), arch);

    String nullPins = errorReading(valid.replaceFirst("\"amd64\" : \\{", "\"amd64\" : null, \"arm64\" : {"));
    assertTrue(nullPins.contains("'amd64'") && nullPins.contains("null"), nullPins);

    for (String[] bad : new String[][] {
        {"\"path\" : \"pool/main/libc6_2.deb\"", "\"path\" : \"http://127.0.0.1:18777/evil.deb\"", "path"},
        {"\"name\" : \"libc6\"", "\"name\" : \"../libc6\"", "name"},
        {"\"version\" : \"2\"", "\"version\" : \"2; rm -rf /\"", "version"},
        {"\"suite\" : \"bookworm\"", "\"suite\" : \"../../x\"", "suite"},
        {"\"architecture\" : \"amd64\"", "\"architecture\" : \"amd64 x\"", "architecture"}}) {
      assertTrue(valid.contains(bad[0]), bad[0] + " in " + valid);
      String refused = errorReading(valid.replace(bad[0], bad[1]));
      assertTrue(refused.contains("'" + bad[2] + "'"), bad[1] + ": " + refused);
    }

    String notJson = errorReading("{ nope");
    assertTrue(notJson.contains(Lock.FILE) && notJson.contains("not valid JSON"), notJson);
  }
}

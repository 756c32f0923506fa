package dev.scratchjava.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        "pool/main/" + name + "_" + version + ".deb", 1234, String.valueOf(hash).repeat(64));
  }

  private static Lock lock(LockedPackage... packages) {
    return new Lock(Map.of("amd64", new Lock.Pins("sha256:" + "a".repeat(64), "17.0.1", List.of(packages))));
  }

  @Test
  void roundTripsThroughItsFile() {
    Lock lock = lock(pin("zlib1g", "1:1.2.13.dfsg-1", 'b'), pin("libc6", "2.36-9", 'c'));
    lock.write(folder);
    assertEquals(lock, Lock.read(folder));
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
    Lock same = new Lock(Map.of("amd64", new Lock.Pins("sha256:" + "f".repeat(64), "17.0.1", one.pins("amd64").packages())));
    Lock other = lock(pin("libc6", "3", 'd'));
    assertEquals(one.revision(), same.revision());
    assertNotEquals(one.revision(), other.revision());
    assertEquals(12, one.revision().length());
  }

  @Test
  void listsChangedVersionsAndDigests() {
    Lock before = lock(pin("libc6", "2", 'c'), pin("gone", "1", 'e'));
    Lock after = new Lock(Map.of("amd64", new Lock.Pins("sha256:" + "b".repeat(64), "17.0.2",
        List.of(pin("libc6", "3", 'd')))));
    List<String> changes = after.changesSince(Optional.of(before));
    assertTrue(changes.contains("amd64 libc6: 2 -> 3"), changes.toString());
    assertTrue(changes.contains("amd64 gone: 1 -> (removed)"), changes.toString());
    assertTrue(changes.stream().anyMatch(line -> line.startsWith("amd64 digest: ")), changes.toString());
    assertEquals(List.of(), before.changesSince(Optional.of(before)));
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

    String notJson = errorReading("{ nope");
    assertTrue(notJson.contains(Lock.FILE) && notJson.contains("not valid JSON"), notJson);
  }
}

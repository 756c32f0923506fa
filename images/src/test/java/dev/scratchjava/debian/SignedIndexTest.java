package dev.scratchjava.debian;

import static dev.scratchjava.debian.TestSigning.clearSign;
import static dev.scratchjava.debian.TestSigning.date;
import static dev.scratchjava.debian.TestSigning.newKey;
import static dev.scratchjava.debian.TestSigning.newKeyWithSigningSubkey;
import static dev.scratchjava.debian.TestSigning.xz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.scratchjava.debian.TestSigning.Signer;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain of trust from an archive key to the Packages index, against a mirror of our own on
 * 127.0.0.1 that signs its InRelease with keys the test makes: each way an old, foreign or weakly
 * signed index could be passed off is refused with a line that says which.
 */
class SignedIndexTest {
  private static final String PACKAGES =
      "Package: zlib1g\nVersion: 1:1.3-1\nArchitecture: amd64\nFilename: pool/z/zlib1g.deb\nSize: 10\n"
          + "SHA256: " + "a".repeat(64) + "\n";
  private static final String INDEX = "main/binary-amd64/Packages.xz";

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, byte[]> files = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = files.get(exchange.getRequestURI().getPath());
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
        if (body != null) {
          exchange.getResponseBody().write(body);
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** A keyring of {@code trusted}, which may sign suite "test", and {@code others}, which may sign another. */
  private static Keyring keyring(Signer trusted, Signer... others) throws Exception {
    ByteArrayOutputStream rings = new ByteArrayOutputStream();
    trusted.ring().encode(rings);
    Map<String, String> keys = new HashMap<>(Map.of("trusted", trusted.fingerprint()));
    List<String> elsewhere = new ArrayList<>();
    for (int i = 0; i < others.length; i++) {
      others[i].ring().encode(rings);
      keys.put("other" + i, others[i].fingerprint());
      elsewhere.add("other" + i);
    }
    Map<String, List<String>> suites = new HashMap<>(Map.of("test", List.of("trusted")));
    if (!elsewhere.isEmpty()) {
      suites.put("elsewhere", elsewhere);
    }
    return Keyring.of(rings.toByteArray(), new Keyring.Signers(null, keys, suites), Clock.systemUTC());
  }

  /** A Release for suite "test" that names {@code headers} and lists {@code listed} as its index. */
  private static String release(String headers, byte[] listed) {
    return headers + "SHA256:\n " + Hashing.sha256(listed) + " " + listed.length + " " + INDEX + "\n";
  }

  private static String current() {
    return "Suite: test\nDate: " + date(Instant.now().minus(Duration.ofHours(1))) + "\n";
  }

  private void serve(String release, Signer signer, int digest) throws Exception {
    files.put("/debian/dists/test/InRelease", clearSign(signer, digest, release, release));
  }

  private void serve(byte[] packagesXz, String release, Signer signer) throws Exception {
    serve(release, signer, HashAlgorithmTags.SHA256);
    files.put("/debian/dists/test/" + INDEX, packagesXz);
  }

  /** Serves a Release for suite "test" with {@code headers}, signed by {@code key}, and the index it lists. */
  private void serveSigned(Signer key, String headers) throws Exception {
    byte[] packages = xz(PACKAGES);
    serve(packages, release(headers, packages), key);
  }

  private PackageIndex index(Keyring keyring, Set<String> expiredAllowed) {
    String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/debian";
    Archive archive = new Archive(Mirrors.configure(mirror, null, Map.of(), dir), keyring, line -> {}, Duration.ofSeconds(2));
    return archive.index(List.of("test"), "amd64", Set.of("zlib1g"), expiredAllowed);
  }

  private PackageIndex index(Keyring keyring) {
    return index(keyring, Set.of());
  }

  private String refusal(Keyring keyring) {
    return assertThrows(CatalogException.class, () -> index(keyring)).getMessage();
  }

  private static String version(PackageIndex index) {
    return index.newest("zlib1g", List.of("test")).orElseThrow().version();
  }

  @Test
  void readsAnIndexWhoseReleaseIsSignedByATrustedKey() throws Exception {
    Signer key = newKey();
    serveSigned(key, current());
    assertEquals("1:1.3-1", version(index(keyring(key))));
  }

  @Test
  void refusesAReleaseSignedByAnUnknownKey() throws Exception {
    byte[] packages = xz(PACKAGES);
    serve(packages, release(current(), packages), newKey());
    String message = refusal(keyring(newKey()));
    assertTrue(message.contains("suite 'test'") && message.contains("unknown key"), message);
  }

  @Test
  void refusesAReleaseThatWasChangedAfterSigning() throws Exception {
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    String release = release(current(), packages);
    files.put("/debian/dists/test/InRelease", clearSign(key, HashAlgorithmTags.SHA256, release + "Extra: line\n", release));
    files.put("/debian/dists/test/" + INDEX, packages);
    String message = refusal(keyring(key));
    assertTrue(message.contains("no valid signature") && message.contains("does not match"), message);
  }

  @Test
  void refusesAnIndexThatDoesNotMatchTheSignedRelease() throws Exception {
    Signer key = newKey();
    serve(xz(PACKAGES.replace("1:1.3-1", "9:9.9-9")), release(current(), xz(PACKAGES)), key);
    String message = refusal(keyring(key));
    assertTrue(message.contains("Packages.xz does not match its signed InRelease"), message);
  }

  @Test
  void refusesAReleaseThatDescribesAnotherSuite() throws Exception {
    // Another suite's genuine, signed index served under this suite's name.
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    serve(packages, release(current().replace("Suite: test", "Suite: oldstable-security\nCodename: bullseye-security"),
        packages), key);
    String message = refusal(keyring(key));
    assertTrue(message.contains("suite 'test'") && message.contains("bullseye-security")
        && message.contains("not 'test'"), message);
  }

  @Test
  void refusesAReleasePastItsValidUntilNamingTheSuiteAndTheDate() throws Exception {
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    Instant expired = Instant.parse("2000-01-08T00:00:00Z");
    serve(packages, release("Suite: test\nDate: " + date(Instant.parse("2000-01-01T00:00:00Z"))
        + "\nValid-Until: " + date(expired) + "\n", packages), key);
    String message = refusal(keyring(key));
    assertTrue(message.contains("suite 'test'") && message.contains("expired on 2000-01-08T00:00:00Z")
        && message.contains("--allow-expired-index test"), message);
  }

  @Test
  void readsAnExpiredReleaseOnlyForASuiteAllowedSoAndSaysWhen() throws Exception {
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    Instant expired = Instant.parse("2026-11-06T08:08:01Z");
    serve(packages, release("Suite: test\nDate: " + date(expired.minus(Duration.ofDays(7)))
        + "\nValid-Until: " + date(expired) + "\n", packages), key);
    assertThrows(CatalogException.class, () -> index(keyring(key), Set.of("another")));
    PackageIndex index = index(keyring(key), Set.of("test"));
    assertEquals("1:1.3-1", version(index));
    assertEquals(Map.of("test", expired), index.expired());
  }

  @Test
  void readsACurrentReleaseAsCurrentEvenWhenExpiryIsAllowed() throws Exception {
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    serve(packages, release(current() + "Valid-Until: " + date(Instant.now().plus(Duration.ofDays(7))) + "\n",
        packages), key);
    assertEquals(Map.of(), index(keyring(key), Set.of("test")).expired());
  }

  @Test
  void refusesAReleaseDatedInTheFuture() throws Exception {
    Signer key = newKey();
    serveSigned(key, "Suite: test\nDate: " + date(Instant.now().plus(Duration.ofDays(2))) + "\n");
    String message = refusal(keyring(key));
    assertTrue(message.contains("in the future"), message);
  }

  @Test
  void refusesAReleaseWithoutADate() throws Exception {
    Signer key = newKey();
    serveSigned(key, "Suite: test\n");
    String message = refusal(keyring(key));
    assertTrue(message.contains("InRelease: no Date field"), message);
  }

  @Test
  void refusesASha1Signature() throws Exception {
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    serve(release(current(), packages), key, HashAlgorithmTags.SHA1);
    files.put("/debian/dists/test/" + INDEX, packages);
    String message = refusal(keyring(key));
    assertTrue(message.contains("weak digest SHA1"), message);
  }

  @Test
  void refusesAKeyThatMaySignOnlyAnotherSuite() throws Exception {
    // A genuine archive key, but not one allowed for this suite (as a security key for a main suite).
    Signer other = newKey();
    serveSigned(other, current());
    String message = refusal(keyring(newKey(), other));
    assertTrue(message.contains(other.fingerprint() + " may not sign this suite"), message);
  }

  @Test
  void refusesAnExpiredKey() throws Exception {
    Signer key = newKey(Duration.ofDays(10), Duration.ofDays(5), false);
    serveSigned(key, current());
    String message = refusal(keyring(key));
    assertTrue(message.contains("key expired on"), message);
  }

  @Test
  void refusesARevokedKey() throws Exception {
    Signer key = newKey(Duration.ZERO, Duration.ZERO, true);
    serveSigned(key, current());
    String message = refusal(keyring(key));
    assertTrue(message.contains("key revoked"), message);
  }

  @Test
  void readsTheIndexByItsHashFromAMirrorCaughtMidSync() throws Exception {
    // The plain path already holds the next index; the one InRelease names is still under its hash.
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    serve(xz(PACKAGES.replace("1:1.3-1", "1:1.3-2")), release(current() + "Acquire-By-Hash: yes\n", packages), key);
    files.put("/debian/dists/test/main/binary-amd64/by-hash/SHA256/" + Hashing.sha256(packages), packages);
    assertEquals("1:1.3-1", version(index(keyring(key))));
  }

  @Test
  void readsAReleaseSignedByASigningSubkeyAsDebiansAre() throws Exception {
    Signer key = newKeyWithSigningSubkey(Duration.ofDays(1), Duration.ofDays(365));
    serveSigned(key, current());
    assertEquals("1:1.3-1", version(index(keyring(key))));
  }

  @Test
  void refusesASigningSubkeyThatExpired() throws Exception {
    Signer key = newKeyWithSigningSubkey(Duration.ofDays(10), Duration.ofDays(5));
    serveSigned(key, current());
    String message = refusal(keyring(key));
    assertTrue(message.contains("key expired on"), message);
  }

  @Test
  void refusesASignatureOlderThanItsKey() throws Exception {
    Signer key = newKey(Duration.ofDays(-1), Duration.ZERO, false);
    serveSigned(key, current());
    String message = refusal(keyring(key));
    assertTrue(message.contains("signed before its key was made"), message);
  }

  @Test
  void readsThePlainPathWhenTheMirrorHasNoByHashCopyAndStillChecksIt() throws Exception {
    Signer key = newKey();
    byte[] packages = xz(PACKAGES);
    serve(packages, release(current() + "Acquire-By-Hash: yes\n", packages), key);
    assertEquals("1:1.3-1", version(index(keyring(key))));

    serve(xz(PACKAGES.replace("1:1.3-1", "9:9.9-9")), release(current() + "Acquire-By-Hash: yes\n", packages), key);
    String message = refusal(keyring(key));
    assertTrue(message.contains("Packages.xz does not match its signed InRelease"), message);
  }

  @Test
  void everySuiteOfTheCatalogMayBeSignedByKeysOfTheKeyring() {
    Path root = Path.of("..");
    Keyring.read(root);
    Set<String> listed = Json.read(root.resolve(Keyring.SUITES), Keyring.Signers.class).suites().keySet();
    Catalog catalog = Catalog.at(root);
    for (String image : catalog.images()) {
      for (Definition definition : catalog.definitions(image)) {
        assertTrue(listed.containsAll(definition.allSuites()), image + ": " + definition.allSuites() + " vs " + listed);
      }
    }
  }
}

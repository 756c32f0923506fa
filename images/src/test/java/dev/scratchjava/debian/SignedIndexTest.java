package dev.scratchjava.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The chain of trust from an archive key to the Packages index, against a mirror of our own on
 * 127.0.0.1 that signs its Release with a key the test makes (or with one nobody trusts).
 */
class SignedIndexTest {
  private static final String PACKAGES =
      "Package: zlib1g\nVersion: 1:1.3-1\nArchitecture: amd64\nFilename: pool/z/zlib1g.deb\nSize: 10\n"
          + "SHA256: " + "a".repeat(64) + "\n";

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

  private static PGPKeyPair newKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    return new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(), new Date());
  }

  /** A clear-signed file as Debian's InRelease: text lines, then an armored text signature. */
  private static byte[] clearSign(PGPKeyPair key, String text, String signedText) throws Exception {
    PGPSignatureGenerator generator =
        new PGPSignatureGenerator(
            new JcaPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256), key.getPublicKey());
    generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.getPrivateKey());
    generator.update(signedText.strip().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream armored = new ByteArrayOutputStream();
    try (org.bouncycastle.bcpg.ArmoredOutputStream out = new org.bouncycastle.bcpg.ArmoredOutputStream(armored)) {
      generator.generate().encode(out);
    }
    return ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + text
        + armored.toString(StandardCharsets.US_ASCII)).getBytes(StandardCharsets.UTF_8);
  }

  private static Keyring trusting(PGPKeyPair key) throws Exception {
    return Keyring.of(new org.bouncycastle.openpgp.PGPPublicKeyRing(
        key.getPublicKey().getEncoded(), new org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator())
        .getEncoded());
  }

  /** Serves suite "test" whose Release lists {@code listed} as the index, signed by {@code signer}. */
  private void serve(byte[] packagesXz, byte[] listed, PGPKeyPair signer, boolean tamper) throws Exception {
    String release = "Suite: test\nSHA256:\n " + Hashing.sha256(listed) + " " + listed.length
        + " main/binary-amd64/Packages.xz\n";
    files.put("/debian/dists/test/InRelease", clearSign(signer, tamper ? release + "Extra: line\n" : release, release));
    files.put("/debian/dists/test/main/binary-amd64/Packages.xz", packagesXz);
  }

  private static byte[] xz(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
      xz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private PackageIndex index(Keyring keyring) {
    String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/debian";
    Archive archive = new Archive(Mirrors.configure(mirror, null, Map.of(), dir), keyring, line -> {}, Duration.ofSeconds(2));
    return archive.index(List.of("test"), "amd64", Set.of("zlib1g"));
  }

  @Test
  void readsAnIndexWhoseReleaseIsSignedByATrustedKey() throws Exception {
    PGPKeyPair key = newKey();
    byte[] packages = xz(PACKAGES);
    serve(packages, packages, key, false);
    assertEquals("1:1.3-1", index(trusting(key)).newest("zlib1g", List.of("test")).orElseThrow().version());
  }

  @Test
  void refusesAReleaseSignedByAnUnknownKey() throws Exception {
    byte[] packages = xz(PACKAGES);
    serve(packages, packages, newKey(), false);
    String message = assertThrows(CatalogException.class, () -> index(trusting(newKey()))).getMessage();
    assertTrue(message.contains("suite 'test'") && message.contains("unknown keys"), message);
  }

  @Test
  void refusesAReleaseThatWasChangedAfterSigning() throws Exception {
    PGPKeyPair key = newKey();
    byte[] packages = xz(PACKAGES);
    serve(packages, packages, key, true);
    String message = assertThrows(CatalogException.class, () -> index(trusting(key))).getMessage();
    assertTrue(message.contains("no valid signature") && message.contains("does not match"), message);
  }

  @Test
  void refusesAnIndexThatDoesNotMatchTheSignedRelease() throws Exception {
    PGPKeyPair key = newKey();
    serve(xz(PACKAGES.replace("1:1.3-1", "9:9.9-9")), xz(PACKAGES), key, false);
    String message = assertThrows(CatalogException.class, () -> index(trusting(key))).getMessage();
    assertTrue(message.contains("Packages.xz does not match its signed InRelease"), message);
  }
}

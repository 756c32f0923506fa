package dev.scratchjava.debian;

import dev.scratchjava.support.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Archive keys and signed suites made by the tests, as Debian's archive signs its own. */
public final class TestSigning {
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT);

  private TestSigning() {}

  /** A signing key made {@code age} ago, expiring {@code lifetime} after it was made (zero: never), as a self-signed ring. */
  public static Signer newKey(Duration age, Duration lifetime, boolean revoked) throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PGPKeyPair pair = new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(),
        Date.from(Instant.now().minus(age)));
    PGPSignatureSubpacketGenerator subpackets = new PGPSignatureSubpacketGenerator();
    subpackets.setKeyExpirationTime(false, lifetime.toSeconds());
    PGPPublicKeyRing ring = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, "test archive key",
        new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), subpackets.generate(), null,
        new JcaPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256), null)
        .generatePublicKeyRing();
    if (revoked) {
      PGPSignatureGenerator revocation = new PGPSignatureGenerator(
          new JcaPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256), pair.getPublicKey());
      revocation.init(PGPSignature.KEY_REVOCATION, pair.getPrivateKey());
      PGPPublicKey key = PGPPublicKey.addCertification(ring.getPublicKey(), revocation.generateCertification(ring.getPublicKey()));
      ring = PGPPublicKeyRing.insertPublicKey(PGPPublicKeyRing.removePublicKey(ring, ring.getPublicKey()), key);
    }
    return new Signer(pair, ring);
  }

  /** A primary key that only certifies, and a signing subkey made {@code age} ago that lives {@code lifetime}, as Debian's keys are. */
  public static Signer newKeyWithSigningSubkey(Duration age, Duration lifetime) throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    PGPKeyPair primary = new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(),
        Date.from(Instant.now().minus(Duration.ofDays(30))));
    PGPKeyPair subkey = new JcaPGPKeyPair(PGPPublicKey.RSA_GENERAL, rsa.generateKeyPair(), Date.from(Instant.now().minus(age)));
    PGPSignatureSubpacketGenerator subkeyPackets = new PGPSignatureSubpacketGenerator();
    subkeyPackets.setKeyExpirationTime(false, lifetime.toSeconds());
    PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary,
        "test archive key", new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1), null, null,
        new JcaPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256), null);
    generator.addSubKey(subkey, subkeyPackets.generate(), null);
    return new Signer(subkey, generator.generatePublicKeyRing());
  }

  public static Signer newKey() throws Exception {
    return newKey(Duration.ZERO, Duration.ZERO, false);
  }

  public record Signer(PGPKeyPair pair, PGPPublicKeyRing ring) {
    public String fingerprint() {
      return Keyring.fingerprint(ring.getPublicKey());
    }
  }

  /** A clear-signed file as Debian's InRelease: text lines, then an armored text signature. */
  public static byte[] clearSign(Signer key, int digest, String text, String signedText) throws Exception {
    PGPSignatureGenerator generator = new PGPSignatureGenerator(
        new JcaPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, digest), key.pair().getPublicKey());
    generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, key.pair().getPrivateKey());
    generator.update(signedText.strip().replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream armored = new ByteArrayOutputStream();
    try (org.bouncycastle.bcpg.ArmoredOutputStream out = new org.bouncycastle.bcpg.ArmoredOutputStream(armored)) {
      generator.generate().encode(out);
    }
    return ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + text
        + armored.toString(StandardCharsets.US_ASCII)).getBytes(StandardCharsets.UTF_8);
  }

  public static String date(Instant when) {
    return RFC_2822.format(ZonedDateTime.ofInstant(when, ZoneOffset.UTC));
  }

  public static byte[] xz(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
      xz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /**
   * The files of {@code suite} on a mirror, by path below the mirror's root: its InRelease, dated
   * an hour ago and signed by {@code key}, and the one index it lists, amd64's {@code packages}.
   */
  public static Map<String, byte[]> signedSuite(Signer key, String suite, String packages) throws Exception {
    String index = "main/binary-amd64/Packages.xz";
    byte[] listed = xz(packages);
    String release = "Suite: " + suite + "\nDate: " + date(Instant.now().minus(Duration.ofHours(1))) + "\nSHA256:\n "
        + Hashing.sha256(listed) + " " + listed.length + " " + index + "\n";
    return Map.of("dists/" + suite + "/InRelease", clearSign(key, HashAlgorithmTags.SHA256, release, release),
        "dists/" + suite + "/" + index, listed);
  }

  /** Writes the keyring files of a catalog's {@code root}: {@code key}, allowed to sign {@code suite} only. */
  public static void trustOnly(Path root, Signer key, String suite) throws IOException {
    Path keys = Files.createDirectories(root.resolve(Keyring.FILE).getParent());
    try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(root.resolve(Keyring.FILE)))) {
      key.ring().encode(out);
    }
    Files.writeString(keys.resolve(root.resolve(Keyring.SUITES).getFileName()),
        "{\"keys\": {\"test\": \"" + key.fingerprint() + "\"}, \"suites\": {\"" + suite + "\": [\"test\"]}}");
  }
}

package dev.scratchjava.debian;

import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The OpenPGP keys that sign Debian's archives, kept in the repository as data
 * ({@code keys/debian-archive-keys.asc}), and which of them may sign which suite
 * ({@code keys/suites.json}): a suite's Release is trusted only if one of its signatures is by a
 * key allowed for that suite, valid when it signed and now, not revoked, over a strong digest.
 */
public final class Keyring {
  public static final String FILE = "keys/debian-archive-keys.asc";
  public static final String SUITES = "keys/suites.json";

  /** SHA-1 and MD5 signatures can be forged; apt refuses them too. */
  private static final Set<Integer> STRONG_DIGESTS =
      Set.of(HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512);

  /**
   * {@code keys/suites.json}.
   *
   * @param keys a short name for each primary key's fingerprint
   * @param suites the names of the keys that may sign each suite
   */
  public record Signers(String notes, Map<String, String> keys, Map<String, List<String>> suites) {
    public Signers {
      keys = Map.copyOf(Json.required(keys, "keys"));
      suites = Map.copyOf(Json.required(suites, "suites"));
      for (Map.Entry<String, String> key : keys.entrySet()) {
        if (!key.getValue().matches("[0-9A-F]{40}")) {
          throw new IllegalArgumentException("keys." + key.getKey() + ": a fingerprint is 40 upper-case hex digits");
        }
      }
      for (Map.Entry<String, List<String>> suite : suites.entrySet()) {
        for (String name : Json.required(suite.getValue(), "suites." + suite.getKey())) {
          if (!keys.containsKey(name)) {
            throw new IllegalArgumentException("suites." + suite.getKey() + ": no key named '" + name + "' in keys");
          }
        }
      }
    }

    Set<String> fingerprints(String suite) {
      return suites.getOrDefault(suite, List.of()).stream().map(keys::get).collect(Collectors.toSet());
    }
  }

  private final PGPPublicKeyRingCollection rings;
  private final Signers signers;
  private final Clock clock;

  private Keyring(PGPPublicKeyRingCollection rings, Signers signers, Clock clock) {
    this.rings = rings;
    this.signers = signers;
    this.clock = clock;
    for (Map.Entry<String, String> key : signers.keys().entrySet()) {
      if (primaryKeys().noneMatch(primary -> fingerprint(primary).equals(key.getValue()))) {
        throw new CatalogException(SUITES + ": keys." + key.getKey() + ": " + key.getValue() + " is not a key in " + FILE);
      }
    }
  }

  /** Reads both files under {@code root}, the repository. */
  public static Keyring read(Path root) {
    Path armored = root.resolve(FILE);
    Signers signers = Json.read(root.resolve(SUITES), Signers.class);
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(armored))) {
      return new Keyring(new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()), signers, Clock.systemUTC());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CatalogException(armored + ": file not found (Debian's archive keys)");
    } catch (IOException | PGPException e) {
      throw new CatalogException(armored + ": not an OpenPGP keyring: " + e.getMessage());
    }
  }

  /** A keyring of the given keys, each allowed to sign the suites named for its fingerprint. */
  public static Keyring of(byte[] keys, Signers signers, Clock clock) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keys))) {
      return new Keyring(new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()), signers, clock);
    } catch (IOException | PGPException e) {
      throw new IllegalArgumentException("not an OpenPGP keyring", e);
    }
  }

  public Instant now() {
    return clock.instant();
  }

  private Stream<PGPPublicKey> primaryKeys() {
    return StreamSupport.stream(rings.spliterator(), false).map(PGPPublicKeyRing::getPublicKey);
  }

  static String fingerprint(PGPPublicKey key) {
    return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
  }

  /**
   * Checks a clear-signed file (a suite's InRelease) and returns the text it signs. The signed
   * bytes are the text's lines, dash-escaping removed, trailing blanks cut, joined by CRLF
   * (RFC 4880, 7.1); the text returned keeps plain line ends.
   */
  public String verifyClearSigned(String what, String suite, byte[] file) {
    String text = new String(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
    String begin = "-----BEGIN PGP SIGNED MESSAGE-----\n";
    String signatureStart = "\n-----BEGIN PGP SIGNATURE-----";
    int bodyStart = text.indexOf("\n\n", text.indexOf(begin) + 1);
    int bodyEnd = text.indexOf(signatureStart);
    if (!text.startsWith(begin) || bodyStart < 0 || bodyEnd < bodyStart) {
      throw new CatalogException(what + ": not a clear-signed file");
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.substring(bodyStart + 2, bodyEnd).split("\n", -1)) {
      lines.add(line.startsWith("- ") ? line.substring(2) : line);
    }
    String signed =
        String.join("\r\n", lines.stream().map(line -> line.replaceAll("[ \t]+$", "")).toList());
    verify(what, suite, signed.getBytes(StandardCharsets.UTF_8),
        text.substring(bodyEnd + 1).getBytes(StandardCharsets.US_ASCII));
    return String.join("\n", lines) + "\n";
  }

  /**
   * Checks that one of {@code signatures} (armored or binary) signs {@code signed} with a key
   * allowed for {@code suite}; the error names why each signature was refused.
   */
  public void verify(String what, String suite, byte[] signed, byte[] signatures) {
    Set<String> allowed = signers.fingerprints(suite);
    if (allowed.isEmpty()) {
      throw new CatalogException(what + ": " + SUITES + " names no key that may sign suite '" + suite
          + "': add the keys that sign it");
    }
    PGPSignatureList list;
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signatures))) {
      Object object = new JcaPGPObjectFactory(in).nextObject();
      if (!(object instanceof PGPSignatureList)) {
        throw new CatalogException(what + ": the signature file holds no OpenPGP signature");
      }
      list = (PGPSignatureList) object;
    } catch (IOException e) {
      throw new CatalogException(what + ": unreadable signature: " + e.getMessage());
    }
    Instant now = clock.instant();
    List<String> refused = new ArrayList<>();
    for (PGPSignature signature : list) {
      String id = HexFormat.of().withUpperCase().toHexDigits(signature.getKeyID());
      try {
        PGPPublicKeyRing ring = rings.getPublicKeyRing(signature.getKeyID());
        String refusal = ring == null ? "unknown key"
            : refusal(signature, ring.getPublicKey(), ring.getPublicKey(signature.getKeyID()), allowed, now);
        if (refusal == null) {
          signature.init(new BcPGPContentVerifierBuilderProvider(), ring.getPublicKey(signature.getKeyID()));
          signature.update(signed);
          if (signature.verify()) {
            return;
          }
          refusal = "does not match the file";
        }
        refused.add(id + ": " + refusal);
      } catch (PGPException e) {
        refused.add(id + ": " + e.getMessage());
      }
    }
    throw new CatalogException(what + ": no valid signature by a key in " + FILE + " allowed for suite '"
        + suite + "' (" + String.join("; ", refused) + ")");
  }

  /** Why a signature by {@code key} (a subkey of {@code primary}, or itself) cannot be trusted, or null. */
  private static String refusal(
      PGPSignature signature, PGPPublicKey primary, PGPPublicKey key, Set<String> allowed, Instant now) {
    if (!allowed.contains(fingerprint(primary))) {
      return "key " + fingerprint(primary) + " may not sign this suite (" + SUITES + ")";
    }
    if (!STRONG_DIGESTS.contains(signature.getHashAlgorithm())) {
      return "weak digest " + digestName(signature.getHashAlgorithm());
    }
    if (primary.hasRevocation() || key.hasRevocation()) {
      return "key revoked";
    }
    Instant signedAt = signature.getCreationTime().toInstant();
    for (PGPPublicKey one : List.of(primary, key)) {
      Instant created = one.getCreationTime().toInstant();
      if (signedAt.isBefore(created)) {
        return "signed before its key was made";
      }
      if (one.getValidSeconds() > 0 && created.plusSeconds(one.getValidSeconds()).isBefore(now)) {
        return "key expired on " + created.plusSeconds(one.getValidSeconds());
      }
    }
    return null;
  }

  private static String digestName(int algorithm) {
    try {
      return PGPUtil.getDigestName(algorithm);
    } catch (PGPException e) {
      return "algorithm " + algorithm;
    }
  }
}

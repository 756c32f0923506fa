package dev.scratchjava.debian;

import dev.scratchjava.support.CatalogException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * The OpenPGP keys that sign Debian's archives, kept in the repository as data
 * ({@code keys/debian-archive-keys.asc}): a suite's Release file is trusted only if one of its
 * detached signatures verifies with one of them.
 */
public final class Keyring {
  public static final String FILE = "keys/debian-archive-keys.asc";

  private final PGPPublicKeyRingCollection rings;

  private Keyring(PGPPublicKeyRingCollection rings) {
    this.rings = rings;
  }

  public static Keyring read(Path armored) {
    try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(armored))) {
      return new Keyring(new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CatalogException(armored + ": file not found (Debian's archive keys)");
    } catch (IOException | PGPException e) {
      throw new CatalogException(armored + ": not an OpenPGP keyring: " + e.getMessage());
    }
  }

  public static Keyring of(byte[] armored) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      return new Keyring(new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator()));
    } catch (IOException | PGPException e) {
      throw new IllegalArgumentException("not an OpenPGP keyring", e);
    }
  }

  /**
   * Checks a clear-signed file (a suite's InRelease) and returns the text it signs. The signed
   * bytes are the text's lines, dash-escaping removed, trailing blanks cut, joined by CRLF
   * (RFC 4880, 7.1); the text returned keeps plain line ends.
   */
  public String verifyClearSigned(String what, byte[] file) {
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
    verify(what, signed.getBytes(StandardCharsets.UTF_8),
        text.substring(bodyEnd + 1).getBytes(StandardCharsets.US_ASCII));
    return String.join("\n", lines) + "\n";
  }

  /** Checks that one of {@code signatures} (armored or binary) signs {@code signed} with a known key. */
  public void verify(String what, byte[] signed, byte[] signatures) {
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
    StringBuilder unknown = new StringBuilder();
    for (PGPSignature signature : list) {
      PGPPublicKey key = rings.getPublicKey(signature.getKeyID());
      if (key == null) {
        unknown.append(unknown.length() == 0 ? "" : ", ").append(Long.toHexString(signature.getKeyID()).toUpperCase());
        continue;
      }
      try {
        signature.init(new BcPGPContentVerifierBuilderProvider(), key);
        signature.update(signed);
        if (signature.verify()) {
          return;
        }
      } catch (PGPException e) {
        // Try the next signature; none verifying is the error below.
      }
    }
    throw new CatalogException(what + ": no valid signature by a key in " + FILE
        + (unknown.length() == 0 ? " (a signature does not match the file)" : " (signed by unknown keys " + unknown + ")"));
  }
}

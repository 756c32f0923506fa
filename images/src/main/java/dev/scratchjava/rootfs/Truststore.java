package dev.scratchjava.rootfs;

import dev.scratchjava.support.CatalogException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The CA bundle and the Java truststore, made at build time from Debian's CA certificates (the
 * package ships only the PEM files; Debian's maintainer scripts make these two at install time).
 */
final class Truststore {
  private Truststore() {}

  /** All certificates in one PEM file, in file-name order. */
  static byte[] bundle(SortedMap<String, byte[]> pems) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] pem : pems.values()) {
      out.writeBytes(pem);
      if (pem.length > 0 && pem[pem.length - 1] != '\n') {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /**
   * A PKCS12 truststore that every Java version reads without a password. Its certificates are
   * stored unencrypted and without a MAC: an encrypted store opened without a password shows no
   * certificates at all, and with no salt the bytes are the same on every build. The JDK takes
   * both choices only from security properties; the build writes no other PKCS12 store.
   */
  static byte[] pkcs12(SortedMap<String, byte[]> pems) {
    Security.setProperty("keystore.pkcs12.certProtectionAlgorithm", "NONE");
    Security.setProperty("keystore.pkcs12.macAlgorithm", "NONE");
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      for (Map.Entry<String, byte[]> pem : pems.entrySet()) {
        Certificate certificate;
        try {
          certificate = x509.generateCertificate(new ByteArrayInputStream(pem.getValue()));
        } catch (GeneralSecurityException e) {
          throw new CatalogException(
              "CA certificate " + pem.getKey() + " is not readable: " + e.getMessage());
        }
        store.setCertificateEntry("debian:" + pem.getKey().toLowerCase(Locale.ROOT), certificate);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, new char[0]);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot write the truststore", e);
    }
  }
}

package dev.scratchjava.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import javax.net.ssl.X509TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.util.Base64;
import java.security.cert.X509Certificate;
import java.security.KeyStore;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Writes small .deb files for tests, laid out as dpkg-deb writes them. */
public final class Debs {
  private final Map<String, Object> entries = new LinkedHashMap<>();

  /** A regular file, mode 0644. */
  public Debs file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  public Debs file(String name, byte[] content, int mode) {
    entries.put(name, new Content(content, mode));
    return this;
  }

  /** A symbolic link, given as {@code -> target}. */
  public Debs link(String name, String target) {
    entries.put(name, new Link(target, false));
    return this;
  }

  public Debs hardLink(String name, String target) {
    entries.put(name, new Link(target, true));
    return this;
  }

  private record Link(String target, boolean hard) {}

  private record Content(byte[] bytes, int mode) {}

  public Path writeTo(Path deb) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new XZOutputStream(data, new LZMA2Options()))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.putArchiveEntry(new TarArchiveEntry("./"));
      tar.closeArchiveEntry();
      for (Map.Entry<String, Object> entry : entries.entrySet()) {
        if (entry.getValue() instanceof Content content) {
          // Keep names exactly as given, absolute ones too, as a hostile archive would have them.
          TarArchiveEntry file = new TarArchiveEntry(entry.getKey(), true);
          file.setSize(content.bytes().length);
          file.setMode(0100000 | content.mode());
          tar.putArchiveEntry(file);
          tar.write(content.bytes());
        } else {
          Link link = (Link) entry.getValue();
          TarArchiveEntry linkEntry =
              new TarArchiveEntry(
                  entry.getKey(), link.hard() ? TarConstants.LF_LINK : TarConstants.LF_SYMLINK, true);
          linkEntry.setLinkName(link.target());
          tar.putArchiveEntry(linkEntry);
        }
        tar.closeArchiveEntry();
      }
    }
    String name = deb.getFileName().toString().replace(".deb", "");
    byte[] control =
        ("Package: " + name + "\nVersion: 1.0-1\nArchitecture: amd64\n").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream controlTar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new XZOutputStream(controlTar, new LZMA2Options()))) {
      TarArchiveEntry entry = new TarArchiveEntry("./control");
      entry.setSize(control.length);
      tar.putArchiveEntry(entry);
      tar.write(control);
      tar.closeArchiveEntry();
    }
    try (OutputStream out = Files.newOutputStream(deb);
        ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(ar, "control.tar.xz", controlTar.toByteArray());
      member(ar, "data.tar.xz", data.toByteArray());
    }
    return deb;
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] bytes) throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length));
    ar.write(bytes);
    ar.closeArchiveEntry();
  }

  /** A real CA certificate (the test JDK's first), in PEM form. */
  public static String somePem() throws Exception {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    X509Certificate certificate = ((X509TrustManager) factory.getTrustManagers()[0]).getAcceptedIssuers()[0];
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(certificate.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
  }
}

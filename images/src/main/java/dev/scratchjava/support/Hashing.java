package dev.scratchjava.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one hash the catalog uses: of bytes, text, files and streams as they pass. */
public final class Hashing {
  private Hashing() {}

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return hex(newSha256().digest(bytes));
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256(Path file) {
    MessageDigest sha256 = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hex(sha256.digest());
  }

  /** A registry digest, {@code sha256:<hex>}, of {@code bytes}. */
  public static String digest(byte[] bytes) {
    return "sha256:" + sha256(bytes);
  }

  /** The first twelve hex digits of the SHA-256 of {@code text}: a short, stable name. */
  public static String shortSha256(String text) {
    return sha256(text).substring(0, 12);
  }

  /** Copies {@code in} to {@code file} and returns the hex SHA-256 of what was copied. */
  public static String copy(InputStream in, Path file) throws IOException {
    MessageDigest sha256 = newSha256();
    try (DigestInputStream hashing = new DigestInputStream(in, sha256);
        OutputStream out = Files.newOutputStream(file)) {
      hashing.transferTo(out);
    }
    return hex(sha256.digest());
  }

  /** A stream that hashes what is written through it; {@link Sink#sha256()} once closed. */
  public static Sink sink(OutputStream out) {
    return new Sink(out, newSha256());
  }

  /** An output stream that hashes as it writes. */
  public static final class Sink extends DigestOutputStream {
    private Sink(OutputStream out, MessageDigest digest) {
      super(out, digest);
    }

    public String sha256() {
      return hex(getMessageDigest().digest());
    }
  }

  /** A stream that hashes what is read through it; {@link Tap#sha256()} once read to the end. */
  public static Tap tap(InputStream in) {
    return new Tap(in, newSha256());
  }

  /** An input stream that hashes as it reads. */
  public static final class Tap extends DigestInputStream {
    private Tap(InputStream in, MessageDigest digest) {
      super(in, digest);
    }

    public String sha256() {
      return hex(getMessageDigest().digest());
    }
  }

  private static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

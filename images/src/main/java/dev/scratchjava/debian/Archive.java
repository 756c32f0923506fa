package dev.scratchjava.debian;

import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Limits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tukaani.xz.XZInputStream;

/** Reads Debian archives over HTTP: suites' Packages indices and files from the pool. */
public final class Archive {
  /** Consumes a response body; may throw to abandon the attempt. */
  @FunctionalInterface
  public interface BodyReader {
    void read(InputStream body) throws IOException;
  }

  /** The mirror answered that it has no such file. */
  public static final class NotFound extends CatalogException {
    NotFound(String message) {
      super(message);
    }
  }

  private static final int ATTEMPTS = 4;

  private final Supplier<Mirrors> mirrors;
  private final Keyring keyring;
  private final Consumer<String> log;
  private final Duration timeout;

  /**
   * @param keyring the keys a suite's Release must be signed with; null for an archive that only
   *     downloads files whose hashes a lock already pins
   */
  public Archive(Mirrors mirrors, Keyring keyring, Consumer<String> log) {
    this(() -> mirrors, keyring, log, Duration.ofSeconds(60));
  }

  /**
   * @param mirrors asked for the mirrors only when something is downloaded, so that a build from a
   *     warm cache needs no mirror configuration at all
   */
  public Archive(Supplier<Mirrors> mirrors, Keyring keyring, Consumer<String> log) {
    this(mirrors, keyring, log, Duration.ofSeconds(60));
  }

  /** Debian's InRelease files are a few hundred KB. */
  private static final long MAX_IN_RELEASE = 16L << 20;
  /** xz packs a Packages index about 5 times; 20 leaves room and still stops a bomb. */
  private static final long MAX_EXPANSION = 20;

  public Archive(Mirrors mirrors, Keyring keyring, Consumer<String> log, Duration timeout) {
    this(() -> mirrors, keyring, log, timeout);
  }

  private Archive(Supplier<Mirrors> mirrors, Keyring keyring, Consumer<String> log, Duration timeout) {
    this.mirrors = mirrors;
    this.keyring = keyring;
    this.log = log;
    this.timeout = timeout;
  }

  /**
   * The newest of each wanted package across {@code suites} for one architecture. Each suite's
   * InRelease must carry a valid signature by a key allowed for that suite, name that suite, and
   * be current (not past its Valid-Until, unless the suite is in {@code expiredAllowed}); each
   * Packages index must match the size and SHA-256 that InRelease lists for it: the chain from
   * Debian's keys to every .deb hash in the lock.
   */
  public PackageIndex index(List<String> suites, String arch, Set<String> wanted, Set<String> expiredAllowed) {
    if (keyring == null) {
      throw new IllegalStateException("reading indices needs the archive keyring");
    }
    PackageIndex index = new PackageIndex(wanted);
    for (String suite : suites) {
      String what = "suite '" + suite + "' (" + arch + ")";
      URI dists = mirrors.get().archiveFor(suite).resolve("dists/" + suite + "/");
      log.accept("read index " + suite + "/" + arch);
      // InRelease, not Release + Release.gpg: one file cannot pair a text with another's signature.
      ReleaseFile release = ReleaseFile.parse(what + ": InRelease", keyring.verifyClearSigned(what + ": InRelease",
          suite, bytes(dists.resolve("InRelease"), what + ": InRelease", MAX_IN_RELEASE)));
      release.check(suite, keyring.now(), expiredAllowed.contains(suite)).ifPresent(expired -> {
        log.accept(what + ": InRelease expired on " + expired + ", read as --allow-expired-index allows");
        index.readPastValidUntil(suite, expired);
      });
      String path = "main/binary-" + arch + "/Packages.xz";
      ReleaseFile.Entry listed = release.entry(path)
          .orElseThrow(() -> new CatalogException(what + ": its InRelease lists no " + path));
      byte[] packages = packagesIndex(dists, path, listed, release.byHash(), what);
      String actual = Hashing.sha256(packages);
      if (packages.length != listed.size() || !actual.equals(listed.sha256())) {
        throw new CatalogException(what + ": " + path + " does not match its signed InRelease (sha256 "
            + actual + ", InRelease says " + listed.sha256() + ")");
      }
      try (InputStreamReader reader =
          new InputStreamReader(Limits.atMost(new XZInputStream(new ByteArrayInputStream(packages)),
              MAX_EXPANSION * packages.length, what + ": " + path + " uncompressed"), StandardCharsets.UTF_8)) {
        index.add(suite, reader);
      } catch (IOException e) {
        throw new CatalogException(what + ": unreadable " + path + ": " + e.getMessage());
      }
    }
    return index;
  }

  /**
   * The index at its hash's path when the archive serves one (a mirror caught mid-sync still has
   * the file InRelease names there, while the plain path may already hold the next one), else at
   * its plain path.
   */
  private byte[] packagesIndex(URI dists, String path, ReleaseFile.Entry listed, boolean byHash, String what) {
    if (byHash) {
      String hashed = path.substring(0, path.lastIndexOf('/') + 1) + "by-hash/SHA256/" + listed.sha256();
      try {
        return bytes(dists.resolve(hashed), what + ": " + hashed, listed.size());
      } catch (NotFound e) {
        log.accept(what + ": no " + hashed + " on the mirror; reading " + path);
      }
    }
    return bytes(dists.resolve(path), what + ": " + path, listed.size());
  }

  /** A whole file, refused if it is longer than {@code limit}: it is held in memory. */
  private byte[] bytes(URI uri, String what, long limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    get(uri, what, body -> {
      out.reset();
      Limits.atMost(body, limit, what).transferTo(out);
    });
    return out.toByteArray();
  }

  /** Streams one file of the pool that {@code suite} is served from into {@code body}. */
  public void download(String suite, String path, String what, BodyReader body) {
    get(mirrors.get().archiveFor(suite).resolve(path), what, body);
  }

  /**
   * GETs {@code uri}, retrying connection failures, stalls, cut-off bodies and server errors with
   * a growing pause; a 404 is final. {@code what} names the thing fetched in errors. The read
   * timeout applies to every read, so a server that stops sending mid-body is given up on.
   */
  private void get(URI uri, String what, BodyReader reader) {
    for (int attempt = 1; ; attempt++) {
      String failure;
      HttpURLConnection connection = null;
      try {
        connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        int status = connection.getResponseCode();
        if (status == 200) {
          try (InputStream body =
              new LengthCheckingInputStream(connection.getInputStream(), connection.getContentLengthLong())) {
            reader.read(body);
          }
          return;
        }
        if (status == 404 || status == 410) {
          throw new NotFound(what + ": not found on the mirror (" + status + " for " + uri + ")");
        }
        if (status < 500 && status != 429) {
          throw new CatalogException(what + ": the mirror answered " + status + " for " + uri);
        }
        failure = "HTTP " + status;
      } catch (SocketTimeoutException e) {
        failure = "no data for " + timeout.toSeconds() + " s";
      } catch (IOException | UncheckedIOException e) {
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      } finally {
        if (connection != null) {
          connection.disconnect();
        }
      }
      if (attempt == ATTEMPTS) {
        throw new CatalogException(what + ": giving up after " + ATTEMPTS + " attempts at "
            + uri + ": " + failure);
      }
      log.accept("retry " + what + " (" + failure + ")");
      pause(attempt);
    }
  }

  /**
   * Fails a body that ends before its announced length, before the reader sees the end: a cut-off
   * download is then retried instead of being taken for a corrupt file.
   */
  private static final class LengthCheckingInputStream extends FilterInputStream {
    private final long expected;
    private long count;

    LengthCheckingInputStream(InputStream in, long expected) {
      super(in);
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        return endOfBody();
      }
      count(1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      return n < 0 ? endOfBody() : (int) count(n);
    }

    private long count(int n) {
      count += n;
      return n;
    }

    private int endOfBody() throws IOException {
      if (expected >= 0 && count < expected) {
        throw new IOException("body cut off after " + count + " of " + expected + " bytes");
      }
      return -1;
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(500L << attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
    }
  }
}

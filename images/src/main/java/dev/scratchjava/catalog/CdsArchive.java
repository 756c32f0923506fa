package dev.scratchjava.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The JDK's default class-data sharing archive of one architecture's image, as the lock pins it.
 * The JVM writes it with {@code -Xshare:dump}, which never gives the same bytes twice (Java 11),
 * so {@code catalog lock} dumps it once in the built image and keeps it gzipped beside the lock
 * ({@link #fileName}); the build adds exactly those bytes and stays reproducible.
 *
 * @param path where the JVM wrote it in the image, below the runtime's home, and where the build
 *     puts it
 * @param size its size in bytes
 * @param sha256 hex SHA-256 of the archive (not of the gzip file that stores it)
 * @param runtime hex SHA-256 of the runtime package's .deb it was dumped with: an archive fits
 *     only the exact JVM build that wrote it
 */
@JsonPropertyOrder({"path", "size", "sha256", "runtime"})
public record CdsArchive(String path, long size, String sha256, String runtime) {
  /** Far above any JDK's default archive (Java 11: 12 MB), and what the build will inflate at most. */
  public static final long MAX_SIZE = 256L * 1024 * 1024;
  private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_.+-]+/)+[A-Za-z0-9_.+-]+\\.jsa");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public CdsArchive {
    if (path == null || !PATH.matcher(path).matches() || ("/" + path + "/").contains("/../")
        || ("/" + path + "/").contains("/./")) {
      throw new IllegalArgumentException("field 'cdsArchive.path' must be a relative path ending in .jsa, not '"
          + path + "'");
    }
    if (size <= 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("field 'cdsArchive.size' must be between 1 and " + MAX_SIZE + ", not " + size);
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("field 'cdsArchive.sha256' must be 64 hex digits");
    }
    if (runtime == null || !SHA256.matcher(runtime).matches()) {
      throw new IllegalArgumentException("field 'cdsArchive.runtime' must be 64 hex digits");
    }
  }

  /**
   * The file beside the lock that stores it, gzipped; named by its content, so that a new one is
   * written beside the one the lock names until the new lock is.
   */
  public String fileName(Architecture arch) {
    return "cds-" + arch.debian() + "-" + sha256.substring(0, 12) + ".jsa.gz";
  }

  /** Whether it lies in the runtime's home {@code javaHome} (absolute), where its JVM reads it. */
  public boolean isIn(String javaHome) {
    return path.startsWith(javaHome.substring(1) + "/");
  }

  /** Its bytes, read from the gzip file {@code stored} and proven to be the ones pinned here. */
  public byte[] readFrom(Path stored) {
    byte[] content;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(stored))) {
      // One byte past the pinned size is enough to know the file holds more.
      content = in.readNBytes((int) size + 1);
    } catch (NoSuchFileException e) {
      throw new CatalogException(stored + ": missing");
    } catch (ZipException | EOFException e) {
      throw new CatalogException(stored + ": not a whole gzip file (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new CatalogException(stored + ": cannot be read: " + e.getMessage());
    }
    String found = Hashing.sha256(content);
    if (content.length != size || !found.equals(sha256)) {
      throw new CatalogException(stored + ": holds a CDS archive with SHA-256 " + found + " ("
          + (content.length > size ? "more than " + size : String.valueOf(content.length)) + " bytes), not the lock's " + sha256 + " (" + size + " bytes): it was changed after the lock"
          + " was made");
    }
    return content;
  }
}

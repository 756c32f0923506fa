package dev.scratchjava.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.regex.Pattern;

/**
 * The JDK's default class-data sharing archive of one architecture's image, as the lock pins it.
 * The JVM writes it with {@code -Xshare:dump}, which never gives the same bytes twice (Java 11),
 * so {@code catalog lock} dumps it once in the built image and keeps it beside the lock; the build
 * adds exactly those bytes and stays reproducible.
 *
 * @param path where the JVM wrote it in the image, and where the build puts it
 * @param size its size in bytes
 * @param sha256 hex SHA-256 of the archive (not of the gzip file that stores it)
 * @param runtime hex SHA-256 of the runtime package's .deb it was dumped with: an archive fits
 *     only the exact JVM build that wrote it
 */
@JsonPropertyOrder({"path", "size", "sha256", "runtime"})
public record CdsArchive(String path, long size, String sha256, String runtime) {
  private static final Pattern PATH = Pattern.compile("([A-Za-z0-9_.+-]+/)+[A-Za-z0-9_.+-]+\\.jsa");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public CdsArchive {
    if (path == null || !PATH.matcher(path).matches() || ("/" + path + "/").contains("/../")
        || ("/" + path + "/").contains("/./")) {
      throw new IllegalArgumentException("field 'cdsArchive.path' must be a relative path ending in .jsa, not '"
          + path + "'");
    }
    if (size <= 0) {
      throw new IllegalArgumentException("field 'cdsArchive.size' must be positive");
    }
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("field 'cdsArchive.sha256' must be 64 hex digits");
    }
    if (runtime == null || !SHA256.matcher(runtime).matches()) {
      throw new IllegalArgumentException("field 'cdsArchive.runtime' must be 64 hex digits");
    }
  }

  /** The file beside the lock that stores an architecture's archive, gzipped. */
  public static String fileName(Architecture arch) {
    return "cds-" + arch.debian() + ".jsa.gz";
  }
}

package dev.scratchjava.catalog;

import java.util.regex.Pattern;

/**
 * One package pinned for one architecture: enough to download it and to prove it is the same.
 *
 * @param name binary package name
 * @param version Debian version
 * @param architecture the package's architecture ({@code all} for architecture-independent ones)
 * @param source the source package name
 * @param suite the suite it was taken from, which decides the archive it is downloaded from
 * @param path the path of the .deb in the archive
 * @param size size in bytes
 * @param sha256 hex SHA-256 of the .deb
 */
public record LockedPackage(
    String name,
    String version,
    String architecture,
    String source,
    String suite,
    String path,
    long size,
    String sha256) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public LockedPackage {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive");
    }
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("path must be relative to the archive root");
    }
  }

  static LockedPackage read(JsonFields json) {
    try {
      return new LockedPackage(
          json.string("name"),
          json.string("version"),
          json.string("architecture"),
          json.string("source"),
          json.string("suite"),
          json.string("path"),
          json.longValue("size"),
          json.string("sha256"));
    } catch (IllegalArgumentException e) {
      throw new CatalogException(json.where() + ": " + e.getMessage());
    }
  }

  /** The name and version, as a changelog or progress line shows it. */
  @Override
  public String toString() {
    return name + " " + version;
  }
}

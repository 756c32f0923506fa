package dev.scratchjava.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.scratchjava.support.Json;
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
@JsonPropertyOrder({"name", "version", "architecture", "source", "suite", "path", "size", "sha256"})
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
  /** Debian's rules for names and versions; nothing that reaches a URL or a command line else. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
  private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9.+~:-]*");
  private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern POOL_PATH = Pattern.compile("pool/[A-Za-z0-9+._~/-]+\\.deb");

  public LockedPackage {
    matching(name, "name", NAME);
    matching(version, "version", VERSION);
    matching(architecture, "architecture", WORD);
    matching(source, "source", NAME);
    matching(suite, "suite", WORD);
    matching(path, "path", POOL_PATH);
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("field 'sha256' must be 64 lower-case hex digits");
    }
    if (size <= 0) {
      throw new IllegalArgumentException("field 'size' must be positive");
    }
    if (path.startsWith("/") || path.contains("..")) {
      throw new IllegalArgumentException("field 'path' must be relative to the archive root");
    }
  }

  private static void matching(String value, String field, Pattern pattern) {
    if (!pattern.matcher(Json.required(value, field)).matches()) {
      throw new IllegalArgumentException("field '" + field + "' must match " + pattern + ", not '" + value + "'");
    }
  }

  /** The name and version, as a changelog or progress line shows it. */
  @Override
  public String toString() {
    return name + " " + version;
  }
}

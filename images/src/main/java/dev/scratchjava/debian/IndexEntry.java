package dev.scratchjava.debian;

import dev.scratchjava.catalog.Architecture;
import java.util.Map;

/**
 * One package as a suite's Packages index lists it.
 *
 * @param version the Debian version, as the index writes it
 * @param suite the suite whose index listed it
 */
public record IndexEntry(
    String name,
    String version,
    String architecture,
    String source,
    String suite,
    String filename,
    long size,
    String sha256) {

  /** Reads an index paragraph; a paragraph that lacks a needed field is refused by name. */
  static IndexEntry of(String suite, Map<String, String> fields) {
    String name = require(suite, fields, "Package");
    String source = fields.getOrDefault("Source", name);
    int space = source.indexOf(' ');
    return new IndexEntry(
        name,
        require(suite, fields, "Version"),
        require(suite, fields, "Architecture"),
        space < 0 ? source : source.substring(0, space),
        suite,
        require(suite, fields, "Filename"),
        Long.parseLong(require(suite, fields, "Size")),
        require(suite, fields, "SHA256"));
  }

  private static String require(String suite, Map<String, String> fields, String field) {
    String value = fields.get(field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "suite " + suite + ": index entry " + fields.getOrDefault("Package", "?")
              + " has no " + field + " field");
    }
    return value;
  }
}

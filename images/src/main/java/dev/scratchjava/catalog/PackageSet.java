package dev.scratchjava.catalog;

import dev.scratchjava.support.Json;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every image of one Debian release shares, declared once in {@code releases/NAME.json}: the
 * suites to read and the packages below the runtime (C library, C++ runtime, zlib, certificates,
 * locale, os-release), with the files kept of each.
 *
 * @param version the release's number ({@code 13}): the tag of the image without Java built on it
 * @param suites the Debian suites, in the order of the archive's precedence
 * @param securitySupportEnds the day the release's security suite, long-term support included,
 *     gets its last fix (ISO date): rebuilds after it bring no more fixes
 * @param notes why the set is as it is: for readers
 * @param packages the shared packages, in layer order
 */
public record PackageSet(String version, List<String> suites, String securitySupportEnds, String notes, List<PackageSpec> packages) {
  public static final String FOLDER = "releases";

  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]*");

  public PackageSet {
    if (!VERSION.matcher(Json.required(version, "version")).matches()) {
      throw new IllegalArgumentException("field 'version' must be the release's number, like 13, not '" + version + "'");
    }
    suites = List.copyOf(Json.required(suites, "suites"));
    Json.required(securitySupportEnds, "securitySupportEnds");
    try {
      LocalDate.parse(securitySupportEnds);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("field 'securitySupportEnds' must be a date like 2028-06-30, not '"
          + securitySupportEnds + "'");
    }
    packages = List.copyOf(Json.required(packages, "packages"));
    notes = notes == null ? "" : notes;
    Family.requireUniqueNames(packages, "packages");
  }
}

package dev.scratchjava.catalog;

import java.util.List;
import java.util.Objects;

/**
 * One Debian package of an image and which of its files the image keeps.
 *
 * @param name the binary package name
 * @param keep glob patterns (relative to /, after the usrmerge mapping) of files to keep
 * @param drop glob patterns of files not to keep even though {@code keep} matches them
 * @param suites the suites to take this package from, when not the image's (empty: the image's)
 * @param notes why the package is taken or trimmed as it is: for readers, the build ignores it
 */
public record PackageSpec(
    String name, List<String> keep, List<String> drop, List<String> suites, String notes) {
  public PackageSpec {
    Objects.requireNonNull(name, "name");
    keep = List.copyOf(keep);
    drop = List.copyOf(drop);
    suites = List.copyOf(suites);
  }

  public PackageSpec(String name, List<String> keep, List<String> drop) {
    this(name, keep, drop, List.of(), "");
  }

  static PackageSpec read(JsonFields json) {
    return new PackageSpec(
        json.string("name"),
        json.optionalStrings("keep"),
        json.optionalStrings("drop"),
        json.optionalStrings("suites"),
        json.optionalString("notes", ""));
  }
}

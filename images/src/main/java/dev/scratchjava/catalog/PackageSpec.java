package dev.scratchjava.catalog;

import dev.scratchjava.support.Json;
import java.util.ArrayList;
import java.util.List;

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
    name = Json.required(name, "name");
    keep = Json.optional(keep, "keep");
    drop = Json.optional(drop, "drop");
    suites = Json.optional(suites, "suites");
    notes = notes == null ? "" : notes;
  }

  public static PackageSpec of(String name, List<String> keep, List<String> drop) {
    return new PackageSpec(name, keep, drop, List.of(), "");
  }

  /**
   * This shared package with what an image adds to it: more files to keep or drop, its own
   * suites, its own notes.
   */
  PackageSpec extendedBy(PackageSpec more) {
    return new PackageSpec(name, concat(keep, more.keep), concat(drop, more.drop),
        more.suites.isEmpty() ? suites : more.suites,
        more.notes.isEmpty() ? notes : notes.isEmpty() ? more.notes : notes + " " + more.notes);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}

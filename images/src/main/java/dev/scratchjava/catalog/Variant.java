package dev.scratchjava.catalog;

import dev.scratchjava.support.Json;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A variant of an image family, such as {@code debug}: the default image's packages and files
 * plus its own packages, tagged with its name as a suffix ({@code 17-debug}).
 *
 * @param description the description label of the variant's images
 * @param packages the packages it adds above the default image's, in layer order
 * @param path folders put on PATH after the runtime's {@code bin} ({@code {arch}} stands for the
 *     architecture, the only placeholder), for tools that live elsewhere
 * @param shells the shells it carries on purpose (absolute paths), which the no-shell checks
 *     expect there and nowhere else
 * @param notes why the variant is as it is: for readers
 */
public record Variant(String description, List<PackageSpec> packages, List<String> path, List<String> shells,
    String notes) {
  public static final String DEFAULT = "";
  /** The variant with the JDK's diagnostic tools and a static busybox, which the suite runs. */
  public static final String DEBUG = "debug";
  /** The variant with the JDK's build tools, which the trimmed-runtime recipe builds with. */
  public static final String JDK = "jdk";
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");
  /** Absolute, without '.' or '..' segments, and nothing PATH would split on. */
  private static final Pattern ABSOLUTE = Pattern.compile("(/(?!\\.\\.?(/|$))[A-Za-z0-9_.+-]+)+");

  public Variant {
    description = Json.required(description, "description");
    packages = List.copyOf(Json.required(packages, "packages"));
    path = Json.optional(path, "path");
    shells = Json.optional(shells, "shells");
    requireAbsolute(path.stream().map(folder -> folder.replace("{arch}", "arch")).toList(), "path");
    requireAbsolute(shells, "shells");
    notes = notes == null ? "" : notes;
  }

  private static void requireAbsolute(List<String> paths, String field) {
    for (String one : paths) {
      if (!ABSOLUTE.matcher(one).matches()) {
        throw new IllegalArgumentException("field '" + field + "': '" + one
            + "' must be an absolute path without '.' or '..' segments, ':' or blanks");
      }
    }
  }
}

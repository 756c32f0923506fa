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
 * @param notes why the variant is as it is: for readers
 */
public record Variant(String description, List<PackageSpec> packages, String notes) {
  public static final String DEFAULT = "";
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*");

  public Variant {
    description = Json.required(description, "description");
    packages = List.copyOf(Json.required(packages, "packages"));
    notes = notes == null ? "" : notes;
  }
}

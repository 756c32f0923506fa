package dev.scratchjava.catalog;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an image is: the Debian suites it is made from, its packages and the files kept of each.
 * Read from {@code <image>/image.json}; everything else an image holds is a shared default (see
 * {@link Contract}).
 *
 * @param name the image name, which is its folder's name
 * @param description one sentence for the image's description label
 * @param java the Java feature version, which is also the image's short tag
 * @param suites the Debian suites to read, in the order of the archive's precedence
 * @param architectures Debian architecture names
 * @param javaHome the runtime's home in the image; {@code {arch}} stands for the architecture
 * @param licenses the SPDX licence expression of the runtime, for the licenses label
 * @param packages the packages, in layer order; the last, which changes most often, is the runtime
 */
public record Definition(
    String name,
    String description,
    int java,
    List<String> suites,
    List<String> architectures,
    String javaHome,
    String licenses,
    List<PackageSpec> packages) {

  public static final String FILE = "image.json";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  public Definition {
    suites = List.copyOf(suites);
    architectures = List.copyOf(architectures);
    packages = List.copyOf(packages);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("image name '" + name + "' must match " + NAME);
    }
  }

  /** Reads and validates {@code folder/image.json}. */
  public static Definition read(Path folder) {
    Path file = folder.resolve(FILE);
    JsonFields json = JsonFields.read(file);
    String name = folder.toAbsolutePath().normalize().getFileName().toString();
    if (!NAME.matcher(name).matches()) {
      throw new CatalogException(file + ": folder name '" + name + "' must match " + NAME);
    }
    int java = json.integer("java");
    if (java < 8) {
      throw new CatalogException(file + ": field 'java' must be 8 or more, not " + java);
    }
    List<String> architectures = json.strings("architectures");
    for (String arch : architectures) {
      if (!Architecture.isSupported(arch)) {
        throw new CatalogException(
            file + ": field 'architectures': unsupported architecture '" + arch
                + "' (supported: " + Architecture.supported() + ")");
      }
    }
    String javaHome = json.string("javaHome");
    if (!javaHome.startsWith("/")) {
      throw new CatalogException(file + ": field 'javaHome' must be an absolute path");
    }
    List<PackageSpec> packages = json.objects("packages", PackageSpec::read);
    Set<String> seen = new HashSet<>();
    for (PackageSpec spec : packages) {
      if (!seen.add(spec.name())) {
        throw new CatalogException(file + ": field 'packages': '" + spec.name() + "' listed twice");
      }
    }
    json.optionalString("notes", ""); // for readers: why the image is as it is
    Definition definition =
        new Definition(
            name,
            json.string("description"),
            java,
            json.strings("suites"),
            architectures,
            javaHome,
            json.string("licenses"),
            packages);
    json.finish();
    return definition;
  }

  /** The Java runtime's package: the last one, so that its layer is the top one. */
  public PackageSpec runtime() {
    return packages.get(packages.size() - 1);
  }

  /** The suites {@code spec} is taken from: its own, else the image's. */
  public List<String> suitesOf(PackageSpec spec) {
    return spec.suites().isEmpty() ? suites : spec.suites();
  }

  /** Every suite any package is taken from, in order. */
  public List<String> allSuites() {
    LinkedHashSet<String> all = new LinkedHashSet<>(suites);
    packages.forEach(spec -> all.addAll(spec.suites()));
    return List.copyOf(all);
  }

  /** The runtime's home for one architecture. */
  public String javaHome(String arch) {
    return javaHome.replace("{arch}", arch);
  }
}

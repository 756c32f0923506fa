package dev.scratchjava.catalog;

import dev.scratchjava.support.Json;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An image family as its folder's {@code image.json} declares it: the Debian release whose shared
 * packages it builds on, its own packages (the runtime last), and its variants. {@link #flatten}
 * turns it into the {@link Definition} of one variant, which is what the build reads. A family
 * without {@code java} and {@code javaHome} is a base for runtimes users bring: its short tag is
 * the release's number.
 *
 * @param description one sentence for the image's description label
 * @param repository the name it is published as, when several folders share one (default: the
 *     folder's name)
 * @param java the Java feature version, which is also the image's short tag; absent for a base
 * @param release the shared package set it builds on ({@code releases/RELEASE.json})
 * @param architectures the architectures it is built for
 * @param javaHome the runtime's home in the image; {@code {arch}} stands for Debian's name of the
 *     architecture; absent for a base
 * @param licenses the SPDX licence expression of what the image is for, for the licenses label
 * @param dumpCdsArchive whether {@code catalog lock} dumps the JDK's default class-data sharing
 *     archive in the image and the build adds it ({@link CdsArchive}): for a runtime whose package
 *     ships none but whose JVM uses one by default
 * @param notes why the image is as it is: for readers
 * @param packages its own packages, in layer order after the shared ones; the last is the runtime
 *     of a family with Java.
 *     One named like a shared package adds keep and drop patterns (or suites) to it instead.
 * @param without shared packages this image leaves out, because its runtime does not load them
 * @param variants by name, what each variant adds
 */
public record Family(
    String description,
    String repository,
    Integer java,
    String release,
    List<Architecture> architectures,
    String javaHome,
    String licenses,
    Boolean dumpCdsArchive,
    String notes,
    List<PackageSpec> packages,
    List<String> without,
    Map<String, Variant> variants) {

  public static final String FILE = "image.json";
  private static final Pattern RELEASE = Pattern.compile("[a-z][a-z0-9-]*");

  public Family {
    description = Json.required(description, "description");
    release = Json.required(release, "release");
    architectures = List.copyOf(Json.required(architectures, "architectures"));
    licenses = Json.required(licenses, "licenses");
    notes = notes == null ? "" : notes;
    dumpCdsArchive = Boolean.TRUE.equals(dumpCdsArchive);
    if (dumpCdsArchive && java == null) {
      throw new IllegalArgumentException("field 'dumpCdsArchive' needs a Java runtime: this is a base");
    }
    packages = packages == null ? List.of() : List.copyOf(packages);
    without = without == null ? List.of() : List.copyOf(without);
    variants = variants == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(variants));
    if ((java == null) != (javaHome == null)) {
      throw new IllegalArgumentException("fields 'java' and 'javaHome' come together: both for an image with Java,"
          + " neither for a base");
    }
    if (java != null && java < 8) {
      throw new IllegalArgumentException("field 'java' must be 8 or more, not " + java);
    }
    if (javaHome != null && !javaHome.startsWith("/")) {
      throw new IllegalArgumentException("field 'javaHome' must be an absolute path");
    }
    if (java != null && packages.isEmpty()) {
      throw new IllegalArgumentException("field 'packages' must end with the Java runtime's package");
    }
    if (repository != null && !Definition.NAME.matcher(repository).matches()) {
      throw new IllegalArgumentException("field 'repository' must match " + Definition.NAME + ", not '" + repository + "'");
    }
    if (Set.copyOf(architectures).size() != architectures.size()) {
      throw new IllegalArgumentException("field 'architectures' names an architecture twice");
    }
    if (!RELEASE.matcher(release).matches()) {
      throw new IllegalArgumentException("field 'release' must name a file of releases/, not '" + release + "'");
    }
    requireUniqueNames(packages, "packages");
    for (PackageSpec own : packages) {
      if (without.contains(own.name())) {
        throw new IllegalArgumentException("package '" + own.name() + "' is both in 'packages' and in 'without'");
      }
    }
    for (String name : variants.keySet()) {
      if (!Variant.NAME.matcher(name).matches() || Architecture.find(name).isPresent()) {
        throw new IllegalArgumentException("variant name '" + name + "' must match " + Variant.NAME
            + " and not be an architecture's name (its tags would collide)");
      }
    }
  }

  /**
   * Refuses a variant that names a package of the image it varies: merged into that package's
   * layer, it would change the default image's files inside the variant.
   */
  private void requireOnlyNewPackages(PackageSet shared, String variant, Variant chosen) {
    requireUniqueNames(chosen.packages(), "variants." + variant + ".packages");
    Set<String> taken = new HashSet<>();
    shared.packages().forEach(spec -> taken.add(spec.name()));
    packages.forEach(spec -> taken.add(spec.name()));
    for (PackageSpec added : chosen.packages()) {
      if (taken.contains(added.name())) {
        throw new IllegalArgumentException("variant '" + variant + "' names package '" + added.name()
            + "' of the default image: a variant only adds packages");
      }
    }
  }

  static void requireUniqueNames(List<PackageSpec> packages, String field) {
    Set<String> seen = new HashSet<>();
    for (PackageSpec spec : packages) {
      if (!seen.add(spec.name())) {
        throw new IllegalArgumentException("field '" + field + "': '" + spec.name() + "' listed twice");
      }
    }
  }

  /** The repository the family's images are published as, when its folder is named {@code folder}. */
  public String repositoryOf(String folder) {
    return repository == null ? folder : repository;
  }

  /** The short tag: the Java feature version, or for a base the release's number. */
  public String tag(PackageSet shared) {
    return java == null ? shared.version() : String.valueOf(java);
  }

  /** The variants' names, the default ({@code ""}) first. */
  public List<String> variantNames() {
    List<String> names = new ArrayList<>(List.of(Variant.DEFAULT));
    names.addAll(variants.keySet());
    return names;
  }

  /**
   * One variant as the build sees it: the shared packages (extended where the family names one of
   * them), then the family's own, then the variant's.
   */
  public Definition flatten(String name, PackageSet shared, String variant) {
    Variant chosen = variant.equals(Variant.DEFAULT) ? null : variants.get(variant);
    if (!variant.equals(Variant.DEFAULT) && chosen == null) {
      throw new IllegalArgumentException("image " + name + " has no variant '" + variant
          + "' (it has: " + String.join(", ", variants.keySet()) + ")");
    }
    if (chosen != null) {
      requireOnlyNewPackages(shared, variant, chosen);
    }
    Map<String, PackageSpec> layered = new LinkedHashMap<>();
    shared.packages().forEach(spec -> layered.put(spec.name(), spec));
    for (String left : without) {
      if (layered.remove(left) == null) {
        throw new IllegalArgumentException("field 'without': '" + left + "' is not a shared package of "
            + name + "'s release");
      }
    }
    for (PackageSpec own : packages) {
      layered.merge(own.name(), own, PackageSpec::extendedBy);
    }
    if (chosen != null) {
      chosen.packages().forEach(added -> layered.put(added.name(), added));
    }
    String runtime = java == null ? null : packages.get(packages.size() - 1).name();
    return new Definition(name, repositoryOf(name), variant,
        chosen == null ? description : chosen.description(), tag(shared), java, shared.version(),
        shared.suites(), LocalDate.parse(shared.securitySupportEnds()), architectures, javaHome, licenses,
        List.copyOf(layered.values()), runtime, dumpCdsArchive, chosen == null ? List.of() : chosen.path(),
        chosen == null ? List.of() : chosen.shells());
  }
}

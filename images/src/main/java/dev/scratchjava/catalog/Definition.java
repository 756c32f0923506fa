package dev.scratchjava.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One variant of one image, as the build reads it: every package in layer order with the files
 * kept of each. Made by {@link Family#flatten} from the family, its release's shared packages and
 * the variant; everything else an image holds is a shared default (see {@code rootfs.Contract}).
 *
 * @param name the image's folder name, which commands and file names use
 * @param repository the name it is pushed and loaded as: the folder name, or the family's
 *     {@code repository} where several folders make one repository ({@code base:12}, {@code base:13})
 * @param variant the variant's name, {@code ""} for the default image
 * @param description one sentence for the image's description label
 * @param tag the short tag: the Java feature version, or the Debian release of an image without Java
 * @param java the Java feature version, {@code null} for an image without Java
 * @param debianRelease the number of the Debian release its libraries come from ({@code 13})
 * @param suites the Debian suites to read, in the order of the archive's precedence
 * @param securitySupportEnds the day those suites get their last security fix
 * @param architectures the architectures it is built for
 * @param javaHome the runtime's home in the image ({@code {arch}} stands for the architecture),
 *     {@code null} without Java
 * @param licenses the SPDX licence expression of what the image is for, for the licenses label
 * @param packages the packages, in layer order
 * @param runtime the name of the Java runtime's package, {@code null} without Java
 * @param dumpCdsArchive whether the lock dumps the JDK's class-data archive for it ({@link CdsArchive})
 * @param path folders on PATH after the runtime's {@code bin}; {@code {arch}} as in javaHome
 * @param shells the shells the variant carries on purpose (see {@link Variant#shells})
 */
public record Definition(
    String name,
    String repository,
    String variant,
    String description,
    String tag,
    Integer java,
    String debianRelease,
    List<String> suites,
    LocalDate securitySupportEnds,
    List<Architecture> architectures,
    String javaHome,
    String licenses,
    List<PackageSpec> packages,
    String runtime,
    boolean dumpCdsArchive,
    List<String> path,
    List<String> shells) {

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  public Definition {
    suites = List.copyOf(suites);
    architectures = List.copyOf(architectures);
    packages = List.copyOf(packages);
    path = List.copyOf(path);
    shells = List.copyOf(shells);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("image name '" + name + "' must match " + NAME);
    }
    if (!NAME.matcher(repository).matches()) {
      throw new IllegalArgumentException("repository '" + repository + "' must match " + NAME);
    }
    if ((java == null) != (javaHome == null) || (java == null) != (runtime == null)) {
      throw new IllegalArgumentException("java, javaHome and the runtime package come together or not at all");
    }
    if (runtime != null && packages.stream().noneMatch(spec -> spec.name().equals(runtime))) {
      throw new IllegalArgumentException("the runtime package '" + runtime + "' is not a package");
    }
  }

  /** Whether the image holds a Java runtime ({@code base} images do not). */
  public boolean hasJava() {
    return java != null;
  }

  /** Whether, on {@code day}, Debian's security support for its suites has ended. */
  public boolean supportEndedBy(LocalDate day) {
    return day.isAfter(securitySupportEnds);
  }

  /** The Java runtime's package. */
  public PackageSpec runtimePackage() {
    return packages.stream().filter(spec -> spec.name().equals(runtime)).findFirst()
        .orElseThrow(() -> new IllegalStateException(id() + " holds no Java runtime"));
  }

  public boolean isDefault() {
    return variant.equals(Variant.DEFAULT);
  }

  /** The variant as evidence names it, where an empty name would read as missing: {@code default}, {@code debug}. */
  public String variantName() {
    return isDefault() ? "default" : variant;
  }

  /** The image and variant, as file names and messages show them: {@code java17-debug}. */
  public String id() {
    return name + suffix();
  }

  /** What the variant adds to a tag: {@code -debug}, or nothing for the default image. */
  public String suffix() {
    return isDefault() ? "" : "-" + variant;
  }

  /** The name and tag an architecture's image is loaded into Docker as: {@code java17:17-debug-amd64}. */
  public String reference(Architecture arch) {
    return hostReference() + "-" + arch.debian();
  }

  /** The name and tag of the image for the machine's own architecture: {@code java17:17-debug}. */
  public String hostReference() {
    return repository + ":" + tag + suffix();
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
  public String javaHome(Architecture arch) {
    if (!hasJava()) {
      throw new IllegalStateException(id() + " holds no Java runtime");
    }
    return javaHome.replace("{arch}", arch.debian());
  }

  /** The image's PATH on one architecture: the runtime's tools first, then any the variant adds. */
  public String path(Architecture arch) {
    List<String> folders = new ArrayList<>();
    if (hasJava()) {
      folders.add(javaHome(arch) + "/bin");
    }
    path.forEach(folder -> folders.add(folder.replace("{arch}", arch.debian())));
    folders.addAll(List.of("/usr/local/bin", "/usr/bin", "/bin"));
    return String.join(":", folders);
  }
}

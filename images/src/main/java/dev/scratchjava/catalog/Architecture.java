package dev.scratchjava.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A processor architecture under each of the names the catalog meets: Debian's (package indices,
 * folder names such as {@code java-17-openjdk-ppc64el}), OCI's (image configurations and
 * indices), Java's ({@code os.arch}) and qemu's (the emulator that runs it elsewhere). In the
 * order of the Debian names, so that locks list them alphabetically.
 */
public enum Architecture {
  AMD64("amd64", "amd64", "amd64", "x86_64"),
  ARM64("arm64", "arm64", "aarch64", "aarch64"),
  PPC64LE("ppc64el", "ppc64le", "ppc64le", "ppc64le"),
  RISCV64("riscv64", "riscv64", "riscv64", "riscv64"),
  S390X("s390x", "s390x", "s390x", "s390x");

  private final String debian;
  private final String oci;
  private final String java;
  private final String qemu;

  Architecture(String debian, String oci, String java, String qemu) {
    this.debian = debian;
    this.oci = oci;
    this.java = java;
    this.qemu = qemu;
  }

  /** The name in Debian's archive, and the one the catalog's files and tags use. */
  @JsonValue
  public String debian() {
    return debian;
  }

  public String oci() {
    return oci;
  }

  /** What {@code System.getProperty("os.arch")} says on it. */
  public String java() {
    return java;
  }

  /** The suffix of qemu's user-mode emulator and binfmt entry, e.g. {@code qemu-aarch64}. */
  public String qemu() {
    return qemu;
  }

  /** By Debian name (as the catalog's files write it) or OCI name, e.g. from a command line. */
  @JsonCreator
  public static Architecture named(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unsupported architecture '" + name + "' (supported: " + names() + ")"));
  }

  public static Optional<Architecture> find(String name) {
    return Arrays.stream(values())
        .filter(arch -> arch.debian.equals(name) || arch.oci.equals(name))
        .findFirst();
  }

  /** The architecture this JVM runs on, if the catalog knows it. */
  public static Optional<Architecture> host() {
    String name = System.getProperty("os.arch");
    return Arrays.stream(values())
        .filter(arch -> arch.java.equals(name) || arch.qemu.equals(name) || arch.debian.equals(name))
        .findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(Architecture::debian).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return debian;
  }
}

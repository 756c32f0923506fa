package dev.scratchjava.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A processor architecture under each of the names the catalog meets: Debian's (package indices,
 * folder names such as {@code java-17-openjdk-ppc64el}), OCI's (image configurations and
 * indices), Java's ({@code os.arch}), qemu's (the emulator that runs it elsewhere), Debian's
 * multiarch triplet (its library folders), ELF's machine number (its binaries) and glibc's loader. In the order of
 * the Debian names, so that locks list them alphabetically.
 */
public enum Architecture {
  AMD64("amd64", "amd64", "amd64", "x86_64", "x86_64-linux-gnu", 62, "/lib64/ld-linux-x86-64.so.2"),
  ARM64("arm64", "arm64", "aarch64", "aarch64", "aarch64-linux-gnu", 183, "/lib/ld-linux-aarch64.so.1"),
  PPC64LE("ppc64el", "ppc64le", "ppc64le", "ppc64le", "powerpc64le-linux-gnu", 21, "/lib64/ld64.so.2"),
  RISCV64("riscv64", "riscv64", "riscv64", "riscv64", "riscv64-linux-gnu", 243, "/lib/ld-linux-riscv64-lp64d.so.1"),
  S390X("s390x", "s390x", "s390x", "s390x", "s390x-linux-gnu", 22, "/lib/ld64.so.1");

  private final String debian;
  private final String oci;
  private final String java;
  private final String qemu;
  private final String triplet;
  private final int elfMachine;
  private final String loader;

  Architecture(String debian, String oci, String java, String qemu, String triplet, int elfMachine, String loader) {
    this.debian = debian;
    this.oci = oci;
    this.java = java;
    this.qemu = qemu;
    this.triplet = triplet;
    this.elfMachine = elfMachine;
    this.loader = loader;
  }

  /** glibc's dynamic loader, the interpreter its programs name: {@code /lib64/ld-linux-x86-64.so.2}. */
  public String loader() {
    return loader;
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

  /** Debian's multiarch name, the folder of its libraries: {@code /usr/lib/x86_64-linux-gnu}. */
  public String triplet() {
    return triplet;
  }

  /** The e_machine of its ELF files. */
  public int elfMachine() {
    return elfMachine;
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

package dev.scratchjava.catalog;

import java.util.List;

/** The architectures the catalog builds for, by their Debian names (which OCI shares for these). */
public final class Architecture {
  private static final List<String> SUPPORTED = List.of("amd64", "arm64");

  private Architecture() {}

  public static boolean isSupported(String arch) {
    return SUPPORTED.contains(arch);
  }

  public static List<String> supported() {
    return SUPPORTED;
  }

  /** The Debian name of the architecture this JVM runs on, or null when the catalog lacks it. */
  public static String host() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> null;
    };
  }
}

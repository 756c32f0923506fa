package dev.scratchjava.cli;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.PackageCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The parsed command line. */
record Options(
    String command,
    List<String> images,
    String arch,
    boolean load,
    boolean check,
    String registry,
    String mirror,
    String securityMirror,
    Path cache,
    Path root,
    Path output,
    int runs,
    boolean baseline) {

  private static final List<String> COMMANDS = List.of("build", "lock", "push", "verify", "sbom", "generate", "bench");

  static Options parse(String[] args) {
    String command = null;
    List<String> images = new ArrayList<>();
    String arch = "all";
    boolean load = true;
    boolean check = false;
    String registry = null;
    String mirror = null;
    String securityMirror = null;
    String cache = null;
    String output = null;
    int runs = 5;
    boolean baseline = true;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--arch" -> arch = value(args, ++i, arg);
        case "--no-load" -> load = false;
        case "--check" -> check = true;
        case "--registry" -> registry = value(args, ++i, arg);
        case "--all" -> images.clear();
        case Mirrors.MAIN_FLAG -> mirror = value(args, ++i, arg);
        case Mirrors.SECURITY_FLAG -> securityMirror = value(args, ++i, arg);
        case "--cache" -> cache = value(args, ++i, arg);
        case "--output" -> output = value(args, ++i, arg);
        case "--runs" -> runs = positive(value(args, ++i, arg), arg);
        case "--no-baseline" -> baseline = false;
        case "-h", "--help", "help" -> {
          return new Options(null, List.of(), arch, load, check, null, null, null, null, null, null,
              runs, baseline);
        }
        default -> {
          if (arg.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + arg);
          } else if (command == null) {
            if (!COMMANDS.contains(arg)) {
              throw new IllegalArgumentException("unknown command '" + arg + "'");
            }
            command = arg;
          } else {
            // Images may also come comma-separated in one argument (a build property); a blank
            // argument names none, so it means all.
            for (String image : arg.split(",")) {
              if (!image.isBlank()) {
                images.add(image.strip());
              }
            }
          }
        }
      }
    }
    if (!arch.equals("all") && !Architecture.isSupported(arch)) {
      throw new IllegalArgumentException("--arch must be one of " + Architecture.supported() + " or all");
    }
    Path cacheDir = cache != null ? Path.of(cache) : PackageCache.defaultRoot();
    Path root = Path.of(System.getProperty("catalog.root", "."));
    if ("push".equals(command) && registry == null) {
      throw new IllegalArgumentException("push needs --registry HOST[:PORT]/NAMESPACE");
    }
    return new Options(
        command, List.copyOf(images), arch, load, check, registry, mirror, securityMirror, cacheDir,
        root, output != null ? Path.of(output) : root.resolve("target"), runs, baseline);
  }

  private static int positive(String value, String flag) {
    try {
      int number = Integer.parseInt(value);
      if (number > 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below, as for zero.
    }
    throw new IllegalArgumentException(flag + " needs a positive whole number, not '" + value + "'");
  }

  private static String value(String[] args, int index, String flag) {
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[index];
  }

  List<String> images(Catalog catalog) {
    if (images.isEmpty()) {
      return catalog.images();
    }
    images.forEach(catalog::folder);
    return images;
  }

  List<String> architectures(Definition definition) {
    return arch.equals("all")
        ? definition.architectures()
        : definition.architectures().stream().filter(arch::equals).toList();
  }
}

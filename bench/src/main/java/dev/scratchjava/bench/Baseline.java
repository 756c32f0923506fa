package dev.scratchjava.bench;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.support.Processes;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.rootfs.Contract;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a user would pick instead of an image: a Debian minbase of the image's release with the
 * same JRE package installed by apt, the way a Dockerfile {@code FROM debian} would do it. Built
 * with debootstrap (which needs root) into a folder that stays cached, then imported into Docker.
 */
final class Baseline {
  private static final Duration SLOW = Duration.ofMinutes(30);

  /** An imported baseline: its image reference and the root folder it was made from. */
  record Built(String reference, Path root, String jreVersion) {}

  private final Path dir;
  private final Mirrors mirrors;
  private final Consumer<String> log;

  Baseline(Path dir, Mirrors mirrors, Consumer<String> log) {
    this.dir = dir;
    this.mirrors = mirrors;
    this.log = log;
  }

  /** Why baselines cannot be built here, if they cannot. */
  static Optional<String> unavailable() {
    if (!Processes.run(List.of("id", "-u"), Duration.ofSeconds(10)).text().strip().equals("0")) {
      return Optional.of("debootstrap needs root: run the benchmark as root for the baseline column");
    }
    if (Processes.run(List.of("sh", "-c", "command -v debootstrap"), Duration.ofSeconds(10)).status() != 0) {
      return Optional.of("debootstrap is not installed (apt-get install debootstrap)");
    }
    return Optional.empty();
  }

  /** The baseline of {@code definition} for {@code arch} with the JRE at {@code version}. */
  Built get(Definition definition, Architecture arch, String version) {
    String jre = definition.runtimePackage().name();
    String tag = version.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + arch;
    String reference = "scratchjava-baseline/" + definition.name() + ":" + tag;
    Path root = dir.resolve(definition.name() + "-" + tag);
    if (!Files.exists(root.resolve("usr/bin/java"))) {
      bootstrap(definition, arch, jre, version, root);
    }
    // Our images' JVM defaults and the entrypoint that reads them, so that only the image differs.
    AtomicFiles.write(root.resolve(Contract.JVM_DEFAULTS), temp -> Files.writeString(temp, Contract.JVM_DEFAULTS_CONTENT));
    String entrypoint = Json.compact(Contract.ENTRYPOINT);
    Processes.Output imported = Processes.run(
        List.of("docker", "image", "inspect", "--format", "{{json .Config.Entrypoint}}", reference), SLOW);
    if (imported.status() != 0 || !imported.text().strip().equals(entrypoint)) {
      log.accept(definition.name() + " " + arch + ": importing the baseline as " + reference);
      Processes.check(List.of("sh", "-c", "tar -C \"$0\" --exclude=./bench -c . | docker import --change \"$2\" - \"$1\"",
          root.toString(), reference, "ENTRYPOINT " + entrypoint), SLOW, "docker import of " + root);
    }
    return new Built(reference, root, installedVersion(root, jre));
  }

  private void bootstrap(Definition definition, Architecture arch, String jre, String version, Path root) {
    List<String> suites = definition.allSuites();
    String first = suites.get(0);
    Path temp = root.resolveSibling(root.getFileName() + ".partial");
    AtomicFiles.deleteTree(temp);
    log.accept(definition.name() + " " + arch + ": debootstrap --variant=minbase " + first
        + (Architecture.host().filter(arch::equals).isPresent() ? " (a few minutes)" : " (under emulation: many minutes)"));
    Processes.check(List.of("debootstrap", "--variant=minbase", "--arch=" + arch, first,
        temp.toString(), mirrors.archiveFor(first).toString()), SLOW, "debootstrap " + first + " " + arch);
    try {
      StringBuilder sources = new StringBuilder();
      for (String suite : suites) {
        sources.append("deb ").append(mirrors.archiveFor(suite)).append(' ').append(suite).append(" main\n");
      }
      Files.writeString(temp.resolve("etc/apt/sources.list"), sources);
      Files.copy(Path.of("/etc/resolv.conf"), temp.resolve("etc/resolv.conf"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.accept(definition.name() + " " + arch + ": apt-get install " + jre + "=" + version);
    // Check-Valid-Until off: a snapshot mirror's unstable InRelease may be past its date, and
    // the baseline is only measured, never shipped.
    String install = "set -e; mount -t proc proc /proc; trap 'umount /proc' EXIT;"
        + " echo 'Acquire::Check-Valid-Until \"false\";' > /etc/apt/apt.conf.d/99bench;"
        + " apt-get update -qq;"
        + " apt-get install -y -qq --no-install-recommends " + jre + "=" + version
        + " || apt-get install -y -qq --no-install-recommends " + jre + ";"
        + " apt-get clean; rm -rf /var/lib/apt/lists/* /etc/apt/apt.conf.d/99bench";
    Processes.check(List.of("chroot", temp.toString(), "sh", "-c", install), SLOW, "apt-get install " + jre + " in the " + arch + " baseline");
    try {
      Files.move(temp, root);
    } catch (IOException e) {
      throw new CatalogException(root + ": cannot move the baseline into place: " + e.getMessage());
    }
  }

  private static String installedVersion(Path root, String jre) {
    try {
      String status = Files.readString(root.resolve("var/lib/dpkg/status"));
      for (String paragraph : status.split("\n\n")) {
        if (paragraph.startsWith("Package: " + jre + "\n")) {
          return paragraph.lines().filter(l -> l.startsWith("Version: ")).findFirst()
              .map(l -> l.substring(9)).orElse("?");
        }
      }
      return "?";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.scratchjava.debian;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Family;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.support.CatalogException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Picks, for each architecture, the newest build of every package across an image's suites. */
public final class Resolver {
  /**
   * What the archive offers the variants of one image.
   *
   * @param pins per definition and architecture, the newest build of each of its packages
   * @param expiredIndices the suites read past their Valid-Until, and when that was
   */
  public record Resolution(
      Map<Definition, Map<Architecture, List<LockedPackage>>> pins, Map<String, Instant> expiredIndices) {}

  private final Archive archive;
  private final Set<String> expiredAllowed;

  /** @param expiredAllowed the suites whose expired Release may be read (snapshot mirrors) */
  public Resolver(Archive archive, Set<String> expiredAllowed) {
    this.archive = archive;
    this.expiredAllowed = Set.copyOf(expiredAllowed);
  }

  /**
   * Resolves several definitions (the variants of one image) from one reading of each suite's
   * index per architecture, so that a package they share is pinned to the same build in all.
   */
  public Resolution resolve(List<Definition> definitions) {
    Set<Architecture> architectures = new TreeSet<>();
    definitions.forEach(definition -> architectures.addAll(definition.architectures()));
    Map<Definition, Map<Architecture, List<LockedPackage>>> pins = new LinkedHashMap<>();
    definitions.forEach(definition -> pins.put(definition, new LinkedHashMap<>()));
    Map<String, Instant> expired = new TreeMap<>();
    for (Architecture arch : architectures) {
      List<Definition> built = definitions.stream().filter(d -> d.architectures().contains(arch)).toList();
      Set<String> suites = new LinkedHashSet<>();
      Set<String> names = new TreeSet<>();
      for (Definition definition : built) {
        suites.addAll(definition.allSuites());
        definition.packages().forEach(spec -> names.add(spec.name()));
      }
      PackageIndex index = archive.index(List.copyOf(suites), arch.debian(), names, expiredAllowed);
      expired.putAll(index.expired());
      for (Definition definition : built) {
        pins.get(definition).put(arch, pick(definition, arch, index));
      }
    }
    return new Resolution(pins, expired);
  }

  private static List<LockedPackage> pick(Definition definition, Architecture arch, PackageIndex index) {
    List<LockedPackage> packages = new ArrayList<>();
    for (PackageSpec spec : definition.packages()) {
      IndexEntry entry = index.newest(spec.name(), definition.suitesOf(spec))
          .orElseThrow(() -> new CatalogException(definition.name() + "/" + Family.FILE
              + ": package '" + spec.name() + "' is not in suites " + definition.suitesOf(spec)
              + " for " + arch));
      packages.add(new LockedPackage(entry.name(), entry.version(), entry.architecture(),
          entry.source(), entry.suite(), entry.filename(), entry.size(), entry.sha256()));
    }
    requireTheRuntimesBuild(definition, arch, packages);
    return packages;
  }

  /**
   * Refuses packages built from the runtime's source at another version (the debug variant's
   * tools beside another build of the runtime): a mirror can hold one before the other, and the
   * JDK's tools expect their own build of the JVM.
   */
  static void requireTheRuntimesBuild(Definition definition, Architecture arch, List<LockedPackage> packages) {
    if (!definition.hasJava()) {
      return;
    }
    LockedPackage runtime = packages.stream().filter(p -> p.name().equals(definition.runtime())).findFirst().orElseThrow();
    for (LockedPackage one : packages) {
      if (one.source().equals(runtime.source()) && !one.version().equals(runtime.version())) {
        throw new CatalogException(definition.id() + " " + arch + ": " + one.name() + " " + one.version()
            + " is not the runtime's build (" + runtime.name() + " " + runtime.version() + ", both from source "
            + runtime.source() + "): the mirror has one build without the other; lock again when it has both");
      }
    }
  }
}

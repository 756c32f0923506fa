package dev.scratchjava.debian;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Family;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.support.CatalogException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Picks, for each architecture, the newest build of every package across an image's suites. */
public final class Resolver {
  private final Archive archive;

  public Resolver(Archive archive) {
    this.archive = archive;
  }

  public Map<Architecture, List<LockedPackage>> resolve(Definition definition) {
    Set<String> names =
        definition.packages().stream().map(PackageSpec::name).collect(Collectors.toSet());
    Map<Architecture, List<LockedPackage>> pins = new LinkedHashMap<>();
    for (Architecture arch : definition.architectures()) {
      PackageIndex index = archive.index(definition.allSuites(), arch.debian(), names);
      List<LockedPackage> packages = new ArrayList<>();
      for (PackageSpec spec : definition.packages()) {
        IndexEntry entry =
            index
                .newest(spec.name(), definition.suitesOf(spec))
                .orElseThrow(
                    () ->
                        new CatalogException(definition.name() + "/" + Family.FILE
                            + ": package '" + spec.name() + "' is not in suites "
                            + definition.suitesOf(spec) + " for " + arch));
        packages.add(
            new LockedPackage(
                entry.name(),
                entry.version(),
                entry.architecture(),
                entry.source(),
                entry.suite(),
                entry.filename(),
                entry.size(),
                entry.sha256()));
      }
      pins.put(arch, packages);
    }
    return pins;
  }
}

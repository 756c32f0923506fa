package dev.scratchjava.image;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.support.CatalogException;
import java.util.List;

/**
 * Everything a build reads besides the package cache: one variant of an image, one architecture,
 * the packages pinned for it and the lock's revision. The same recipe gives the same digest.
 *
 * @param packages the pinned packages of this architecture
 * @param revision the lock's revision, for the revision label
 */
public record Recipe(
    Definition definition, Architecture arch, List<LockedPackage> packages, String revision) {
  public Recipe {
    packages = List.copyOf(packages);
    if (!definition.architectures().contains(arch)) {
      throw new IllegalArgumentException(definition.id() + " is not built for " + arch);
    }
  }

  /** The recipe a variant's lock records for {@code arch}. */
  public static Recipe locked(Definition definition, Lock lock, Architecture arch) {
    return new Recipe(definition, arch, lock.pins(arch).packages(), lock.revision());
  }

  /** The pin of one of the definition's packages. */
  public LockedPackage pin(PackageSpec spec) {
    return packages.stream()
        .filter(p -> p.name().equals(spec.name()))
        .findFirst()
        .orElseThrow(() -> new CatalogException(definition.name() + "/" + Lock.FILE + ": no "
            + arch + " pin for package " + spec.name() + ": run ./catalog lock " + definition.name()));
  }

  /** The image, variant and architecture, as messages name them: {@code java17-debug arm64}. */
  public String what() {
    return definition.id() + " " + arch;
  }

  /** The name and tag it is loaded into Docker as. */
  public String reference() {
    return definition.reference(arch);
  }
}

package dev.scratchjava.image;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.CdsArchive;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.support.CatalogException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a build reads besides the package cache: one variant of an image, one architecture,
 * the packages pinned for it and the lock's revision. The same recipe gives the same digest.
 *
 * @param packages the pinned packages of this architecture
 * @param revision the lock's revision, for the revision label
 * @param cdsArchive the JDK's class-data archive the lock pins, and the file that stores it
 */
public record Recipe(
    Definition definition, Architecture arch, List<LockedPackage> packages, String revision,
    Optional<StoredArchive> cdsArchive) {
  public Recipe {
    packages = List.copyOf(packages);
    if (!definition.architectures().contains(arch)) {
      throw new IllegalArgumentException(definition.id() + " is not built for " + arch);
    }
  }

  /** A recipe without a class-data archive: every image's, and the one a lock dumps its archive in. */
  public Recipe(Definition definition, Architecture arch, List<LockedPackage> packages, String revision) {
    this(definition, arch, packages, revision, Optional.empty());
  }

  /**
   * The archive a lock pins and the gzip file beside the lock that holds it.
   *
   * @param image the image whose lock it is, for messages
   */
  public record StoredArchive(CdsArchive locked, Path file, String image) {
    /** The archive's bytes, proven to be the ones the lock pins. */
    public byte[] content() {
      try {
        return locked.readFrom(file);
      } catch (CatalogException e) {
        throw new CatalogException(e.getMessage() + "; " + relock(image));
      }
    }

    /** What the lock pins, without where this checkout keeps it: a build's inputs do not depend on it. */
    @Override
    public String toString() {
      return locked.toString();
    }
  }

  /** The recipe the lock of {@code definition} records for {@code arch}. */
  public static Recipe locked(Catalog catalog, Definition definition, Architecture arch) {
    Lock lock = catalog.lock(definition);
    Lock.Pins pins = lock.pins(arch);
    Recipe plain = new Recipe(definition, arch, pins.packages(), lock.revision());
    String where = definition.name() + "/" + Lock.FILE + ": " + definition.id() + " " + arch + " ";
    Optional<CdsArchive> pinned = pins.archive();
    if (pinned.isPresent() != definition.dumpCdsArchive()) {
      throw new CatalogException(where + (pinned.isPresent() ? "pins a CDS archive, which image.json does not ask for"
          : "pins no CDS archive, which image.json asks for") + ": " + relock(definition.name()));
    }
    if (pinned.isEmpty()) {
      return plain;
    }
    CdsArchive archive = pinned.get();
    LockedPackage runtime = plain.pin(definition.runtimePackage());
    if (!archive.runtime().equals(runtime.sha256()) || !archive.isIn(definition.javaHome(arch))) {
      throw new CatalogException(where + "has a CDS archive dumped with another build of " + runtime.name()
          + " than the pinned " + runtime.version() + ", or outside its home " + definition.javaHome(arch) + ": "
          + relock(definition.name()));
    }
    Path file = catalog.folder(definition.name()).resolve(archive.fileName(arch));
    return new Recipe(definition, arch, pins.packages(), lock.revision(),
        Optional.of(new StoredArchive(archive, file, definition.name())));
  }

  private static String relock(String image) {
    return "run ./catalog lock " + image + " to dump it again";
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

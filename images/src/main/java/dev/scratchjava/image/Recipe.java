package dev.scratchjava.image;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.CdsArchive;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

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
    /** The archive's bytes, read from the file and proven to be the ones the lock pins. */
    public byte[] content() {
      byte[] content;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
        // One byte past the pinned size is enough to know the file holds more.
        content = in.readNBytes((int) Math.min(locked.size() + 1, Integer.MAX_VALUE));
      } catch (NoSuchFileException e) {
        throw new CatalogException(file + ": missing; " + relock());
      } catch (ZipException | EOFException e) {
        throw new CatalogException(file + ": not a whole gzip file (" + e.getMessage() + "); " + relock());
      } catch (IOException e) {
        throw new CatalogException(file + ": cannot be read: " + e.getMessage());
      }
      String sha256 = Hashing.sha256(content);
      if (content.length != locked.size() || !sha256.equals(locked.sha256())) {
        throw new CatalogException(file + ": holds a CDS archive with SHA-256 " + sha256 + " (" + content.length
            + " bytes at least), not the lock's " + locked.sha256() + " (" + locked.size() + " bytes): it was changed"
            + " after the lock was made; " + relock());
      }
      return content;
    }

    private String relock() {
      return "run ./catalog lock " + image + " to dump it again";
    }
  }

  /** The recipe the lock of {@code definition} records for {@code arch}. */
  public static Recipe locked(Catalog catalog, Definition definition, Architecture arch) {
    Lock lock = catalog.lock(definition);
    Lock.Pins pins = lock.pins(arch);
    Recipe plain = new Recipe(definition, arch, pins.packages(), lock.revision());
    String where = definition.name() + "/" + Lock.FILE + ": " + definition.id() + " " + arch;
    String relock = ": run ./catalog lock " + definition.name();
    if (pins.archive().isEmpty()) {
      if (definition.dumpCdsArchive()) {
        throw new CatalogException(where + " pins no CDS archive, which image.json asks for" + relock);
      }
      return plain;
    }
    CdsArchive archive = pins.archive().get();
    if (!definition.dumpCdsArchive()) {
      throw new CatalogException(where + " pins a CDS archive, which image.json does not ask for" + relock);
    }
    LockedPackage runtime = plain.pin(definition.runtimePackage());
    if (!archive.runtime().equals(runtime.sha256())) {
      throw new CatalogException(where + ": the CDS archive was dumped with another build of " + runtime.name()
          + " than the pinned " + runtime.version() + relock);
    }
    Path file = catalog.folder(definition.name()).resolve(CdsArchive.fileName(arch));
    return new Recipe(definition, arch, pins.packages(), lock.revision(),
        Optional.of(new StoredArchive(archive, file, definition.name())));
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

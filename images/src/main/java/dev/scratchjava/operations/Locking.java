package dev.scratchjava.operations;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.CdsArchive;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.debian.Resolver;
import dev.scratchjava.debian.Version;
import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.image.CdsDump;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.image.Recipe;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves images against the Debian archive: pins the newest build of every package and records
 * the digests they build into ({@link #lock}), or only says which locks are behind ({@link #check}).
 */
public final class Locking {
  /**
   * What locking one image did: the lines that changed (none: the lock stayed as it was), or why
   * it was not locked, its lock and archive files then left as they were.
   */
  public record Outcome(String image, List<String> changes, Optional<RuntimeException> failure) {
    public Outcome {
      changes = List.copyOf(changes);
    }

    static Outcome locked(String image, List<String> changes) {
      return new Outcome(image, changes, Optional.empty());
    }

    static Outcome failed(String image, RuntimeException failure) {
      return new Outcome(image, List.of(), Optional.of(failure));
    }
  }

  /**
   * A locked package of which the mirror offers another build.
   *
   * @param image the image, and the variant if the package is the variant's own
   */
  public record Stale(String image, Architecture arch, String name, String locked, String offered) {}

  private final Workspace workspace;

  public Locking(Workspace workspace) {
    this.workspace = workspace;
  }

  /**
   * Locks each selected image on its own: one that fails (a package gone from the mirror, a dump
   * without a Docker engine) does not hold back the others' security updates.
   *
   * @param expiredAllowed suites whose expired Release may be read (a snapshot mirror's); the lock
   *     records each one that was
   */
  public List<Outcome> lock(Selection selection, Set<String> expiredAllowed) {
    Catalog catalog = workspace.catalog();
    Resolver resolver = new Resolver(workspace.signedArchive(), expiredAllowed);
    ImageBuilder builder = workspace.builder();
    List<Outcome> outcomes = new ArrayList<>();
    for (String image : selection.images(catalog)) {
      try {
        outcomes.add(Outcome.locked(image, lock(catalog, image, resolver, builder)));
      } catch (RuntimeException e) {
        outcomes.add(Outcome.failed(image, e));
      }
    }
    return outcomes;
  }

  /** Locks one image; returns the lines that changed. */
  private List<String> lock(Catalog catalog, String image, Resolver resolver, ImageBuilder builder) {
    Optional<Lock> before;
    try {
      before = Lock.readIfPresent(catalog.folder(image));
    } catch (CatalogException e) {
      // The lock is being rewritten anyway: an unreadable one must not stand in the way.
      workspace.progress().accept(image + ": replacing an unreadable lock (" + e.getMessage() + ")");
      before = Optional.empty();
    }
    Lock defaultLock = null;
    Map<String, Lock> variants = new TreeMap<>();
    List<Definition> definitions = catalog.definitions(image);
    workspace.progress().accept(image + ": resolving " + definitions.get(0).allSuites());
    Resolver.Resolution resolution = resolver.resolve(definitions);
    refuseDowngrades(resolution, before);
    Archives archives = new Archives(catalog.folder(image), before, builder);
    Lock after;
    List<String> changes;
    try {
      for (Definition definition : definitions) {
        Lock lock = pin(definition, resolution.pins().get(definition), builder, archives);
        if (definition.isDefault()) {
          defaultLock = lock;
        } else {
          variants.put(definition.variant(), lock);
        }
      }
      Map<String, String> expired = new TreeMap<>();
      resolution.expiredIndices().forEach((suite, validUntil) -> expired.put(suite, validUntil.toString()));
      after = new Lock(defaultLock.architectures(), variants, expired);
      changes = after.changesSince(before);
      if (!changes.isEmpty()) {
        after.write(catalog.folder(image));
      }
    } catch (RuntimeException e) {
      archives.keepOnly(before);
      throw e;
    }
    // Once the new lock is written, the files it names must stay whatever happens next.
    archives.keepOnly(Optional.of(after));
    return changes;
  }

  /**
   * Builds every architecture from freshly resolved packages, with its CDS archive if it has one,
   * to learn its digest.
   */
  private static Lock pin(Definition definition, Map<Architecture, List<LockedPackage>> resolved,
      ImageBuilder builder, Archives archives) {
    String revision = Lock.revision(resolved);
    Map<Architecture, Lock.Pins> pins = new TreeMap<>();
    resolved.forEach((arch, packages) -> {
      Recipe recipe = new Recipe(definition, arch, packages, revision);
      if (definition.dumpCdsArchive()) {
        recipe = new Recipe(definition, arch, packages, revision, Optional.of(archives.of(recipe)));
      }
      BuiltImage built = builder.build(recipe);
      pins.put(arch, new Lock.Pins(built.digest(), built.version(),
          recipe.cdsArchive().map(Recipe.StoredArchive::locked).orElse(null), packages));
    });
    return new Lock(pins);
  }

  /**
   * The CDS archives of one image's runtime: the one the lock holds while its runtime package
   * stays the same and its file is intact, else dumped anew. Variants hold the same runtime, so
   * they share its archive. A new archive's file is written beside the lock's, under a name of
   * its own, and the one the lock stops naming goes once the new lock is written: a lock never
   * names a file that is not there.
   */
  private final class Archives {
    private static final String FILES = "cds-*.jsa.gz";
    private final Path folder;
    private final Optional<Lock> before;
    private final ImageBuilder builder;
    private final Map<String, Recipe.StoredArchive> chosen = new HashMap<>();

    Archives(Path folder, Optional<Lock> before, ImageBuilder builder) {
      this.folder = folder;
      this.before = before;
      this.builder = builder;
    }

    /** @param plain the recipe without an archive, which a dump runs in */
    Recipe.StoredArchive of(Recipe plain) {
      Architecture arch = plain.arch();
      String runtime = plain.pin(plain.definition().runtimePackage()).sha256();
      String image = plain.definition().name();
      return chosen.computeIfAbsent(arch + " " + runtime, key -> {
        Optional<Recipe.StoredArchive> kept = before
            .flatMap(lock -> Optional.ofNullable(lock.architectures().get(arch)))
            .flatMap(Lock.Pins::archive)
            .filter(archive -> archive.runtime().equals(runtime) && archive.isIn(plain.definition().javaHome(arch)))
            .map(archive -> new Recipe.StoredArchive(archive, folder.resolve(archive.fileName(arch)), image));
        if (kept.isPresent()) {
          try {
            kept.get().locked().readFrom(kept.get().file());
            return kept.get();
          } catch (CatalogException e) {
            workspace.progress().accept(plain.what() + ": " + e.getMessage() + ": dumping it again");
          }
        }
        boolean emulated = Architecture.host().filter(arch::equals).isEmpty();
        workspace.progress().accept(plain.what() + ": dumping the JDK's CDS archive in the built image"
            + (emulated ? " (emulated: minutes)" : ""));
        CdsArchive archive = CdsDump.dump(builder.build(plain), runtime, folder);
        Path file = folder.resolve(archive.fileName(arch));
        Recipe.StoredArchive stored = new Recipe.StoredArchive(archive, file, image);
        CdsDump.requireMapped(builder.build(new Recipe(plain.definition(), arch, plain.packages(), plain.revision(),
            Optional.of(stored))));
        workspace.progress().accept(plain.what() + ": the JVM maps the " + archive.size() / 1_000_000
            + " MB archive; kept gzipped in " + image + "/" + file.getFileName());
        return stored;
      });
    }

    /**
     * Deletes the archive files that {@code lock}, the image's lock as it now stands, does not
     * name: the one a new lock replaced, or those dumped for a lock that was not written.
     */
    void keepOnly(Optional<Lock> lock) {
      Set<Path> named = new HashSet<>();
      List<Lock> all = new ArrayList<>();
      lock.ifPresent(one -> {
        all.add(one);
        all.addAll(one.variants().values());
      });
      all.forEach(one -> one.architectures().forEach((arch, pins) ->
          pins.archive().ifPresent(archive -> named.add(folder.resolve(archive.fileName(arch))))));
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, FILES)) {
        files.forEach(file -> {
          if (!named.contains(file)) {
            AtomicFiles.deleteQuietly(file);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Refuses an archive that offers an older build of a package than the lock holds: Debian's
   * versions only grow, so its indices are older than those the lock was made from (replayed, or
   * a mirror that fell behind), and locking from them would bring fixed vulnerabilities back.
   */
  static void refuseDowngrades(Resolver.Resolution resolution, Optional<Lock> before) {
    before.ifPresent(lock -> resolution.pins().forEach((definition, offered) -> offered.forEach((arch, packages) -> {
      Optional<Lock.Pins> locked = Optional.ofNullable(definition.isDefault() ? lock : lock.variants().get(definition.variant()))
          .map(variant -> variant.architectures().get(arch));
      for (LockedPackage one : packages) {
        Optional<LockedPackage> was = locked.flatMap(pins -> pins.find(one.name()));
        if (was.isPresent() && Version.parse(one.version()).compareTo(Version.parse(was.get().version())) < 0) {
          throw new CatalogException(definition.id() + " " + arch + " " + one.name() + ": the mirror offers "
              + one.version() + ", older than the locked " + was.get().version() + ": its indices are older than"
              + " the ones the lock was made from (replayed, or a mirror behind); nothing written");
        }
      }
    })));
  }

  /** The selected images and variants whose suites' security support has ended by {@code day}. */
  public List<Definition> supportEnded(Selection selection, LocalDate day) {
    return selection.definitions(workspace.catalog()).stream().filter(one -> one.supportEndedBy(day)).toList();
  }

  /**
   * The locked packages of which the mirror offers another build, changing nothing; a package a
   * variant shares with the default image is named once, as the image's.
   */
  public List<Stale> check(Selection selection, Set<String> expiredAllowed) {
    Catalog catalog = workspace.catalog();
    Resolver resolver = new Resolver(workspace.signedArchive(), expiredAllowed);
    List<Stale> stale = new ArrayList<>();
    for (String image : selection.images(catalog)) {
      List<Definition> definitions = catalog.definitions(image);
      Set<String> named = new HashSet<>();
      Resolver.Resolution resolution = resolver.resolve(definitions);
      refuseDowngrades(resolution, Lock.readIfPresent(catalog.folder(image)));
      resolution.pins().forEach((definition, offered) -> {
        Lock lock = catalog.lock(definition);
        offered.forEach((arch, packages) -> {
          for (LockedPackage one : packages) {
            String locked = lock.pins(arch).find(one.name()).map(LockedPackage::version).orElse("(none)");
            if (!locked.equals(one.version()) && named.add(arch + " " + one.name())) {
              String owner = definitions.get(0).packages().stream().anyMatch(p -> p.name().equals(one.name()))
                  ? image : definition.id();
              stale.add(new Stale(owner, arch, one.name(), locked, one.version()));
            }
          }
        });
      });
    }
    return stale;
  }
}

package dev.scratchjava.catalog;

import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The catalog: every folder of the repository root that holds an image definition, and the
 * shared package sets of {@code releases/}.
 */
public final class Catalog {
  /** The folder of the recipes users copy (one folder each), which the suite builds as they are. */
  public static final String RECIPES = "recipes";

  private final Path root;
  private final List<String> images;

  private Catalog(Path root, List<String> images) {
    this.root = root;
    this.images = images;
  }

  public static Catalog at(Path root) {
    try (Stream<Path> folders = Files.list(root)) {
      List<String> images =
          folders
              .filter(folder -> Files.isRegularFile(folder.resolve(Family.FILE)))
              .map(folder -> folder.getFileName().toString())
              .sorted()
              .toList();
      if (images.isEmpty()) {
        throw new CatalogException(root.toAbsolutePath() + ": no image folders (none holds "
            + Family.FILE + ")");
      }
      return new Catalog(root, images);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public List<String> images() {
    return images;
  }

  public Path folder(String image) {
    if (!images.contains(image)) {
      throw new CatalogException("unknown image '" + image + "' (the catalog has: "
          + String.join(", ", images) + ")");
    }
    return root.resolve(image);
  }

  public Family family(String image) {
    Path folder = folder(image);
    if (!Definition.NAME.matcher(image).matches()) {
      throw new CatalogException(folder.resolve(Family.FILE) + ": folder name '" + image
          + "' must match " + Definition.NAME);
    }
    return Json.read(folder.resolve(Family.FILE), Family.class);
  }

  public PackageSet packageSet(String release) {
    return Json.read(root.resolve(PackageSet.FOLDER).resolve(release + ".json"), PackageSet.class);
  }

  /** The default variant of an image. */
  public Definition definition(String image) {
    return definition(image, Variant.DEFAULT);
  }

  public Definition definition(String image, String variant) {
    Family family = family(image);
    return flatten(image, family, packageSet(family.release()), variant);
  }

  /** Every variant of an image, the default first. */
  public List<Definition> definitions(String image) {
    Family family = family(image);
    PackageSet shared = packageSet(family.release());
    return family.variantNames().stream().map(variant -> flatten(image, family, shared, variant)).toList();
  }

  private Definition flatten(String image, Family family, PackageSet shared, String variant) {
    Path file = folder(image).resolve(Family.FILE);
    Definition definition;
    try {
      definition = family.flatten(image, shared, variant);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(file + ": " + e.getMessage());
    }
    if (!definition.isDefault() && images.contains(definition.id())) {
      // Both would write the same tars, SBOMs and tags.
      throw new CatalogException(file + ": variant '" + variant + "' is named like the image folder "
          + definition.id());
    }
    if (!definition.repository().equals(image)) {
      requireOwnTag(image, definition);
    }
    return definition;
  }

  /** Refuses a second folder pushing the same repository and short tag: each would move the other's tags. */
  private void requireOwnTag(String image, Definition definition) {
    for (String other : images) {
      if (other.equals(image)) {
        continue;
      }
      Family family = family(other);
      if (family.repositoryOf(other).equals(definition.repository())
          && family.tag(packageSet(family.release())).equals(definition.tag())) {
        throw new CatalogException(folder(image).resolve(Family.FILE) + ": " + other + " is published as "
            + definition.repository() + ":" + definition.tag() + " too");
      }
    }
  }

  /**
   * The base a runtime from {@code definition}'s Debian release runs on: the base of that
   * release, else of the oldest newer one (glibc runs what was built against an older glibc).
   */
  public Optional<Definition> baseFor(Definition definition, Architecture arch) {
    int release = Integer.parseInt(definition.debianRelease());
    return images.stream().map(this::definition)
        .filter(base -> !base.hasJava() && base.architectures().contains(arch))
        .filter(base -> Integer.parseInt(base.debianRelease()) >= release)
        .min(Comparator.comparing(base -> Integer.parseInt(base.debianRelease())));
  }

  /** The whole lock of an image, every variant in it. */
  public Lock lock(String image) {
    return Lock.readIfPresent(folder(image))
        .orElseThrow(() -> new CatalogException(image + "/" + Lock.FILE
            + ": file not found: run ./catalog lock " + image));
  }

  /** The lock of one variant of an image. */
  public Lock lock(Definition definition) {
    return lock(definition.name()).of(definition.variant());
  }
}

package dev.scratchjava.operations;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.image.Recipe;
import dev.scratchjava.support.CatalogException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which images an operation works on: named images (every variant of each) or, when none is
 * named, the whole catalog; and every architecture of each, or only one.
 *
 * @param images image names; empty means every image
 * @param arch the one architecture to work on, if only one
 */
public record Selection(List<String> images, Optional<Architecture> arch) {
  public Selection {
    images = List.copyOf(images);
  }

  public static Selection all() {
    return new Selection(List.of(), Optional.empty());
  }

  /** The selected images' names, each checked against the catalog. */
  public List<String> images(Catalog catalog) {
    if (images.isEmpty()) {
      return catalog.images();
    }
    images.forEach(catalog::folder);
    return images;
  }

  /** Every variant of every selected image; at least one is built for the chosen architecture. */
  public List<Definition> definitions(Catalog catalog) {
    List<Definition> definitions = new ArrayList<>();
    images(catalog).forEach(image -> definitions.addAll(catalog.definitions(image)));
    if (arch.isPresent() && definitions.stream().noneMatch(d -> d.architectures().contains(arch.get()))) {
      throw new CatalogException("no selected image is built for " + arch.get() + " (see ./catalog architectures)");
    }
    return definitions;
  }

  /** The selected architectures of one image. */
  public List<Architecture> architectures(Definition definition) {
    return definition.architectures().stream().filter(a -> arch.isEmpty() || arch.get() == a).toList();
  }

  /** What the locks record for every selected variant and architecture. */
  public List<Recipe> lockedRecipes(Catalog catalog) {
    List<Recipe> recipes = new ArrayList<>();
    for (Definition definition : definitions(catalog)) {
      for (Architecture arch : architectures(definition)) {
        recipes.add(Recipe.locked(catalog, definition, arch));
      }
    }
    return recipes;
  }
}

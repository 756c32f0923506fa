package dev.scratchjava.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The catalog: every folder of the repository root that holds an image definition. */
public final class Catalog {
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
              .filter(folder -> Files.isRegularFile(folder.resolve(Definition.FILE)))
              .map(folder -> folder.getFileName().toString())
              .sorted()
              .toList();
      if (images.isEmpty()) {
        throw new CatalogException(root.toAbsolutePath() + ": no image folders (none holds "
            + Definition.FILE + ")");
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

  public Definition definition(String image) {
    return Definition.read(folder(image));
  }

  public Lock lock(String image) {
    return Lock.readIfPresent(folder(image))
        .orElseThrow(() -> new CatalogException(image + "/" + Lock.FILE
            + ": file not found: run ./catalog lock " + image));
  }
}

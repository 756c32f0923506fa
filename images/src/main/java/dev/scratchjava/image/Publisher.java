package dev.scratchjava.image;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.Tags;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Publishes an image to a registry: each architecture's image under its immutable tag, then the
 * multi-arch index, then the tags that move. Tags move last, so a push that fails half-way leaves
 * every existing tag on the complete image it named before.
 */
public final class Publisher {
  /** What one image's publication did. */
  public record Outcome(String image, int imagesUploaded, int tagsMoved, String indexDigest) {}

  private final ImageBuilder builder;
  private final Registry registry;
  private final Optional<Registry.Credentials> credentials;
  private final Consumer<String> log;

  public Publisher(
      ImageBuilder builder,
      Registry registry,
      Optional<Registry.Credentials> credentials,
      Consumer<String> log) {
    this.builder = builder;
    this.registry = registry;
    this.credentials = credentials;
    this.log = log;
  }

  public Outcome publish(Catalog catalog, Definition definition) {
    Lock lock = catalog.lock(definition);
    String name = definition.repository();
    Tags tags = Tags.of(definition, lock);
    Map<Architecture, Registry.Manifest> manifests = new LinkedHashMap<>();
    int uploaded = 0;
    for (Architecture arch : definition.architectures()) {
      String expected = lock.pins(arch).digest();
      String tag = tags.immutable() + "-" + arch;
      Optional<String> current = registry.digest(name, tag);
      if (current.isPresent()) {
        requireSame(name, tag, current.get(), expected);
        log.accept(name + ":" + tag + " is already there");
      } else {
        Recipe recipe = Recipe.locked(catalog, definition, arch);
        // Compared before anything is pushed: the push writes the immutable tag, which then
        // could not be put right.
        String built = builder.build(recipe).digest();
        if (!built.equals(expected)) {
          throw new CatalogException(definition.id() + " " + arch + ": built " + built + ", but the lock says "
              + expected + ": nothing was pushed (run ./catalog verify)");
        }
        String pushed = builder.push(recipe, registry, credentials, tag);
        if (!pushed.equals(expected)) {
          throw new CatalogException(definition.id() + " " + arch + ": what was pushed has the digest "
              + pushed + ", not the built " + expected + " (a cache changed meanwhile): " + registry.repository(name)
              + ":" + tag + " must be deleted by hand");
        }
        log.accept("uploaded " + name + ":" + tag);
        uploaded++;
      }
      manifests.put(arch, registry.manifest(name, expected));
    }
    byte[] index = ImageIndex.of(manifests);
    String indexDigest = Hashing.digest(index);
    int moved = 0;
    if (tag(name, tags.immutable(), index, Registry.OCI_INDEX, indexDigest, true)) {
      moved++;
    }
    for (Architecture arch : definition.architectures()) {
      Registry.Manifest manifest = manifests.get(arch);
      for (String tag : tags.moving()) {
        if (tag(name, tag + "-" + arch, manifest.bytes(), manifest.mediaType(), manifest.digest(), false)) {
          moved++;
        }
      }
    }
    for (String tag : tags.moving()) {
      if (tag(name, tag, index, Registry.OCI_INDEX, indexDigest, false)) {
        moved++;
      }
    }
    return new Outcome(definition.id(), uploaded, moved, indexDigest);
  }

  /** Points a tag at a manifest unless it already is; an immutable tag never moves. */
  private boolean tag(
      String name, String tag, byte[] manifest, String mediaType, String digest, boolean immutable) {
    Optional<String> current = registry.digest(name, tag);
    if (current.isPresent() && current.get().equals(digest)) {
      return false;
    }
    if (immutable && current.isPresent()) {
      requireSame(name, tag, current.get(), digest);
    }
    registry.put(name, tag, manifest, mediaType);
    log.accept("tagged " + name + ":" + tag + " -> " + digest);
    return true;
  }

  private void requireSame(String name, String tag, String current, String expected) {
    if (!current.equals(expected)) {
      throw new CatalogException(registry.repository(name) + ":" + tag + " is immutable and points to "
          + current + ", not " + expected + ": nothing was published");
    }
  }
}

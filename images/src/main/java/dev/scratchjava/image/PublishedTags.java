package dev.scratchjava.image;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.Tags;
import dev.scratchjava.support.Hashing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a registry serves under every tag {@code push} writes for one image variant, compared
 * with its lock: each {@code -ARCH} tag must name the lock's image, each multi-arch tag the index
 * of those images (the bytes {@code push} writes). Signing and verifying start from this, so
 * neither acts on an image the lock does not name.
 *
 * @param images the lock's digest per architecture
 * @param index the digest of the index of those images, or empty if the registry lacks one of them
 * @param differences one line per tag that names something else, or image that is missing
 */
public record PublishedTags(Definition definition, String repository, Map<Architecture, String> images,
    Optional<String> index, List<String> differences) {

  public static PublishedTags read(Registry registry, Catalog catalog, Definition definition) {
    Lock lock = catalog.lock(definition);
    Tags tags = Tags.of(definition, lock);
    String name = definition.repository();
    String repository = registry.repository(name);
    Map<Architecture, String> images = new LinkedHashMap<>();
    Map<Architecture, Registry.Manifest> manifests = new LinkedHashMap<>();
    List<String> differences = new ArrayList<>();
    for (Architecture arch : definition.architectures()) {
      String digest = lock.pins(arch).digest();
      images.put(arch, digest);
      if (registry.digest(name, digest).isEmpty()) {
        differences.add(repository + "@" + digest + ": the registry does not have the lock's " + arch + " image");
        continue;
      }
      manifests.put(arch, registry.manifest(name, digest));
      tags.forArch(arch).forEach(tag -> compare(registry, repository, name, tag, digest, differences));
    }
    Optional<String> index = Optional.empty();
    if (manifests.size() == images.size()) {
      index = Optional.of(Hashing.digest(ImageIndex.of(manifests)));
      String expected = index.get();
      tags.multiArch().forEach(tag -> compare(registry, repository, name, tag, expected, differences));
    }
    return new PublishedTags(definition, repository, images, index, List.copyOf(differences));
  }

  private static void compare(Registry registry, String repository, String name, String tag, String expected,
      List<String> differences) {
    Optional<String> served = registry.digest(name, tag);
    if (served.isEmpty()) {
      differences.add(repository + ":" + tag + ": no such tag (the lock's is " + expected + ")");
    } else if (!served.get().equals(expected)) {
      differences.add(repository + ":" + tag + ": names " + served.get() + ", not the lock's " + expected);
    }
  }

  /** Every digest a signature belongs on: each architecture's image, then the index. */
  public List<String> digests() {
    List<String> digests = new ArrayList<>(images.values());
    index.ifPresent(digests::add);
    return digests;
  }
}

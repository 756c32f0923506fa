package dev.scratchjava.catalog;

import java.util.List;
import java.util.stream.Stream;

/**
 * An image's tags in a registry: {@code N}, the full runtime version, and the full version with
 * a revision of the lock (immutable: derived from the digests the lock records, so it names
 * exactly one image per architecture), each a multi-arch index, and each with an {@code -ARCH}
 * suffix for one architecture's image. A variant's tags carry its name: {@code 17-debug}.
 *
 * @param moving tags that move to newer builds: {@code N} and the full version
 * @param immutable the tag that never moves
 */
public record Tags(List<String> moving, String immutable) {

  /** @param lock the variant's own lock */
  public static Tags of(Definition definition, Lock lock) {
    String full = lock.version();
    String suffix = definition.suffix();
    return new Tags(List.of(definition.tag() + suffix, full + suffix),
        full + "-" + lock.buildRevision() + suffix);
  }

  /** The tags of the multi-arch index, the immutable one last. */
  public List<String> multiArch() {
    return Stream.concat(moving.stream(), Stream.of(immutable)).toList();
  }

  /** The same tags for one architecture's image. */
  public List<String> forArch(Architecture arch) {
    return multiArch().stream().map(tag -> tag + "-" + arch.debian()).toList();
  }
}

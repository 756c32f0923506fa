package dev.scratchjava.operations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.image.Cosign;
import dev.scratchjava.image.Provenance;
import dev.scratchjava.image.PublishedTags;
import dev.scratchjava.image.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks what a registry serves against the locks: every tag {@code push} writes names the lock's
 * digest and, given who must have signed, each image and index carries that signature and each
 * architecture's image a signed provenance that names exactly the lock's .deb files.
 */
public final class VerifyPublished {
  /**
   * @param checked one line per image variant and architecture that is as the lock says
   * @param differences one line per tag, signature or provenance that is not
   */
  public record Result(List<String> checked, List<String> differences) {}

  private final Workspace workspace;

  public VerifyPublished(Workspace workspace) {
    this.workspace = workspace;
  }

  public Result run(Selection selection, String location, Map<String, String> env, Optional<Cosign.Signer> signer) {
    Catalog catalog = workspace.catalog();
    List<Definition> definitions = selection.definitions(catalog);
    Optional<Registry.Credentials> credentials = Registry.credentials(location, env, Registry.dockerConfig(env));
    Registry registry = new Registry(location, credentials);
    List<String> checked = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    Optional<Cosign> cosign = signer.map(s -> Cosign.on(env, registry, credentials));
    try {
      for (Definition definition : definitions) {
        PublishedTags tags = PublishedTags.read(registry, catalog, definition);
        differences.addAll(tags.differences());
        if (!tags.differences().isEmpty()) {
          continue;
        }
        List<String> found = new ArrayList<>();
        if (cosign.isPresent()) {
          for (String digest : tags.digests()) {
            if (!cosign.get().signed(tags.repository() + "@" + digest, signer.get())) {
              found.add(tags.repository() + "@" + digest + ": no signature by " + describe(signer.get()));
            }
          }
          tags.images().forEach((arch, digest) ->
              provenance(cosign.get(), signer.get(), catalog, definition, arch, tags.repository() + "@" + digest)
                  .ifPresent(found::add));
        }
        differences.addAll(found);
        if (found.isEmpty()) {
          checked.add(definition.id() + ": every tag names the lock's digest (index " + tags.index().orElseThrow() + ")"
              + (signer.isPresent() ? "; each image and the index signed by " + describe(signer.get())
                  + "; each architecture's provenance names the lock's .deb files" : ""));
        }
      }
    } finally {
      cosign.ifPresent(Cosign::close);
    }
    return new Result(checked, differences);
  }

  /** What is wrong with the provenance of one architecture's image, if anything. */
  private static Optional<String> provenance(Cosign cosign, Cosign.Signer signer, Catalog catalog, Definition definition,
      Architecture arch, String reference) {
    List<JsonNode> predicates = cosign.predicates(reference, Sign.PROVENANCE, signer);
    if (predicates.isEmpty()) {
      return Optional.of(reference + ": no SLSA provenance signed by " + describe(signer));
    }
    Set<String> locked = catalog.lock(definition).pins(arch).packages().stream().map(LockedPackage::sha256)
        .collect(Collectors.toCollection(TreeSet::new));
    for (JsonNode predicate : predicates) {
      if (Provenance.debs(predicate).equals(locked)) {
        return Optional.empty();
      }
    }
    Set<String> named = Provenance.debs(predicates.get(predicates.size() - 1));
    Set<String> extra = new TreeSet<>(named);
    extra.removeAll(locked);
    Set<String> missing = new TreeSet<>(locked);
    missing.removeAll(named);
    return Optional.of(reference + ": its provenance names other .deb files than the lock (" + extra.size()
        + " not in the lock, " + missing.size() + " of the lock's missing)");
  }

  private static String describe(Cosign.Signer signer) {
    return signer instanceof Cosign.Keyless keyless ? "identity " + keyless.identity() : "the key";
  }
}

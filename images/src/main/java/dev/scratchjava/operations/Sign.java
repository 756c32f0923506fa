package dev.scratchjava.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.image.CiRun;
import dev.scratchjava.image.Cosign;
import dev.scratchjava.image.Provenance;
import dev.scratchjava.image.PublishedTags;
import dev.scratchjava.image.Registry;
import dev.scratchjava.image.Sbom;
import dev.scratchjava.image.TestResult;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signs what {@code push} published and attaches its evidence, with cosign: a signature on each
 * architecture's image and on each index, and on each architecture's image the SPDX SBOM, the
 * SLSA provenance and, where the suite passed on that digest, its test results. Nothing is
 * signed unless every tag names the lock's digest. What is there already is not added again.
 */
public final class Sign {
  /** Attestation types as cosign names them. */
  static final String SBOM = "spdxjson";
  static final String PROVENANCE = "slsaprovenance1";

  /**
   * @param differences tags that name something else than the lock: when there are any, nothing was signed
   * @param notes what was done, and what was not (a digest without passing results), one line each
   */
  public record Report(List<String> differences, List<String> notes) {}

  private final Workspace workspace;

  public Sign(Workspace workspace) {
    this.workspace = workspace;
  }

  /**
   * @param key cosign's private key; without one, keyless in GitHub Actions only
   * @param testResults where the suite wrote its results per digest
   */
  public Report run(Selection selection, String location, Map<String, String> env, Optional<Path> key,
      Path testResults) {
    key.filter(file -> !Files.isRegularFile(file)).ifPresent(file -> {
      throw new CatalogException("--key " + file + ": no such file");
    });
    if (!Files.isDirectory(testResults)) {
      throw new CatalogException("--test-results " + testResults + ": no such folder: run the suite first"
          + " (it writes target/test-results), or name the folder that holds its results");
    }
    if (key.isEmpty() && !"true".equals(env.get("GITHUB_ACTIONS"))) {
      throw new CatalogException("without --key, sign signs keylessly, which needs GitHub Actions' OIDC token:"
          + " give --key cosign.key (cosign generate-key-pair)");
    }
    Catalog catalog = workspace.catalog();
    List<Definition> definitions = selection.definitions(catalog);
    Optional<Registry.Credentials> credentials = Registry.credentials(location, env, Registry.dockerConfig(env));
    Registry registry = new Registry(location, credentials);
    try (Cosign cosign = Cosign.on(env, registry, credentials)) {
      // The key's password is checked here, before the registry is read.
      Cosign.Signer signer = key.<Cosign.Signer>map(k -> new Cosign.KeyPair(Optional.of(k), cosign.publicKeyOf(k)))
          .orElseGet(() -> keyless(env));
      List<PublishedTags> published = new ArrayList<>();
      List<String> differences = new ArrayList<>();
      for (Definition definition : definitions) {
        PublishedTags tags = PublishedTags.read(registry, catalog, definition);
        published.add(tags);
        differences.addAll(tags.differences());
      }
      if (!differences.isEmpty()) {
        return new Report(differences, List.of());
      }
      Evidence evidence = Evidence.of(catalog, env, testResults);
      List<String> notes = new ArrayList<>();
      for (PublishedTags tags : published) {
        for (String digest : tags.digests()) {
          String reference = tags.repository() + "@" + digest;
          if (cosign.signed(reference, signer)) {
            workspace.progress().accept(reference + ": signed already");
          } else {
            cosign.sign(reference, signer);
            workspace.progress().accept(reference + ": signed");
          }
        }
        tags.images().forEach((arch, digest) ->
            notes.addAll(attest(cosign, signer, evidence, tags, arch, tags.repository() + "@" + digest)));
      }
      return new Report(List.of(), notes);
    }
  }

  private List<String> attest(Cosign cosign, Cosign.Signer signer, Evidence evidence, PublishedTags tags,
      Architecture arch, String reference) {
    Definition definition = tags.definition();
    Lock lock = workspace.catalog().lock(definition);
    String what = definition.id() + " " + arch;
    attestOnce(cosign, signer, reference, SBOM,
        read(new Sbom(workspace.unpacked()).document(definition, lock, arch)), what);
    attestOnce(cosign, signer, reference, PROVENANCE, evidence.provenance(definition, arch, lock.pins(arch)), what);
    String digest = tags.images().get(arch);
    Optional<TestResult> results = TestResult.read(evidence.testResults(), digest);
    if (results.isEmpty()) {
      return List.of(what + ": the suite has no results for " + digest + " in " + evidence.testResults()
          + ": no test-result attestation");
    }
    if (results.get().result().equals("FAILED")) {
      return List.of(what + ": " + results.get().failed().size() + " test(s) failed on " + digest
          + ": no test-result attestation");
    }
    attestOnce(cosign, signer, reference, TestResult.TYPE, results.get().predicate(), what);
    return results.get().result().equals("PASSED") ? List.of()
        : List.of(what + ": " + results.get().skipped().size() + " test(s) skipped on " + digest + ": attested as WARNED");
  }

  /** Attests {@code predicate} unless the same predicate of that type is there, signed by this signer. */
  private void attestOnce(Cosign cosign, Cosign.Signer signer, String reference, String type, JsonNode predicate,
      String what) {
    JsonNode ours = comparable(read(Json.compact(predicate).getBytes(StandardCharsets.UTF_8)));
    if (cosign.predicates(reference, type, signer).stream().map(Sign::comparable).anyMatch(ours::equals)) {
      workspace.progress().accept(what + ": " + type + " attested already");
      return;
    }
    Path file = null;
    try {
      file = Files.createTempFile("catalog-predicate", ".json");
      Files.writeString(file, Json.compact(predicate));
      cosign.attest(reference, type, file, signer);
      workspace.progress().accept(what + ": " + type + " attested");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      AtomicFiles.deleteQuietly(file);
    }
  }

  /** The publishing workflow's own identity: a signature by any other workflow is not ours. */
  private static Cosign.Keyless keyless(Map<String, String> env) {
    return new Cosign.Keyless("^" + Pattern.quote(Provenance.Builder.from(env).id()) + "$",
        Cosign.GITHUB_ISSUER);
  }

  /**
   * Where two of the same evidence may differ: an SBOM made again in its creation time, a
   * provenance or test result made in another run (the digest unchanged) in the run and commit
   * that made it again. Each pointer names an object and the field of it to leave out.
   */
  private static final List<String[]> PER_RUN = List.of(
      new String[] {"/creationInfo", "created"},
      new String[] {"/runDetails", "metadata"},
      new String[] {"/buildDefinition/externalParameters", "source"},
      new String[] {"", "url"},
      new String[] {"", "configuration"});

  /**
   * A predicate as two of the same evidence agree on it: without what differs from run to run,
   * and without empty fields, which cosign adds when it gives a known type back through its own
   * structures.
   */
  static JsonNode comparable(JsonNode predicate) {
    JsonNode copy = withoutEmpty(predicate.deepCopy());
    for (String[] field : PER_RUN) {
      if (copy.at(field[0]) instanceof ObjectNode object) {
        object.remove(field[1]);
      }
    }
    return copy;
  }

  private static JsonNode withoutEmpty(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> empty = new ArrayList<>();
      object.fields().forEachRemaining(field -> {
        JsonNode value = withoutEmpty(field.getValue());
        if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
          empty.add(field.getKey());
        }
      });
      object.remove(empty);
    } else if (node instanceof ArrayNode array) {
      array.forEach(Sign::withoutEmpty);
    }
    return node;
  }

  private static JsonNode read(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What every image's evidence shares: the repository's commit, the builder, the results folder. */
  record Evidence(Catalog catalog, Optional<String> commit, Provenance.Builder builder, Path testResults) {
    static Evidence of(Catalog catalog, Map<String, String> env, Path testResults) {
      return new Evidence(catalog, CiRun.commit(catalog.root(), env), Provenance.Builder.from(env), testResults);
    }

    JsonNode provenance(Definition definition, Architecture arch, Lock.Pins pins) {
      Path lockFile = catalog.folder(definition.name()).resolve(Lock.FILE);
      return Provenance.predicate(definition, arch, pins, catalog.root().relativize(lockFile).toString(),
          Hashing.sha256(lockFile), commit, builder);
    }

  }
}

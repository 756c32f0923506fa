package dev.scratchjava.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Jib;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.support.Json;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SLSA v1 provenance of one architecture's image: what built it, from which lock and commit,
 * and every input the build read (each .deb by pool path and SHA-256, the CDS archive, the
 * catalog tool and jib-core). {@code ./catalog verify --registry} compares its .deb files with the
 * lock's.
 */
public final class Provenance {
  /** Names what the parameters mean: a build by this repository's {@code catalog} command. */
  public static final String BUILD_TYPE = "https://scratchjava.dev/catalog/build/v1";

  /**
   * Who built it: the workflow's identity in GitHub Actions, else {@code CATALOG_BUILDER_ID} (a
   * fork's other CI), else {@code local}; and the run, where there is one.
   */
  public record Builder(String id, Optional<String> run) {
    public static Builder from(Map<String, String> env) {
      Optional<String> run = CiRun.url(env);
      if (env.containsKey("GITHUB_WORKFLOW_REF") && env.containsKey("GITHUB_SERVER_URL")) {
        return new Builder(env.get("GITHUB_SERVER_URL") + "/" + env.get("GITHUB_WORKFLOW_REF"), run);
      }
      return new Builder(env.getOrDefault("CATALOG_BUILDER_ID", "local"), run);
    }
  }

  private Provenance() {}

  /**
   * @param lockFile the lock's path in the repository, e.g. {@code java21/image.lock.json}
   * @param lockSha256 hex SHA-256 of that file
   * @param commit the repository's commit, if known
   */
  public static ObjectNode predicate(Definition definition, Architecture arch, Lock.Pins pins, String lockFile,
      String lockSha256, Optional<String> commit, Builder builder) {
    ObjectNode predicate = Json.MAPPER.createObjectNode();
    ObjectNode build = predicate.putObject("buildDefinition");
    build.put("buildType", BUILD_TYPE);
    ObjectNode parameters = build.putObject("externalParameters");
    parameters.put("image", definition.name()).put("variant", definition.variantName()).put("architecture", arch.debian());
    parameters.putObject("lock").put("path", lockFile).put("sha256", lockSha256);
    commit.ifPresent(c -> parameters.putObject("source").put("commit", c));
    ArrayNode dependencies = build.putArray("resolvedDependencies");
    for (LockedPackage deb : pins.packages()) {
      ObjectNode entry = dependencies.addObject();
      entry.put("name", deb.path())
          .put("uri", "pkg:deb/debian/" + deb.name() + "@" + deb.version() + "?arch=" + deb.architecture());
      entry.putObject("digest").put("sha256", deb.sha256());
      entry.putObject("annotations").put("suite", deb.suite());
    }
    pins.archive().ifPresent(archive -> {
      ObjectNode entry = dependencies.addObject().put("name", archive.fileName(arch));
      entry.putObject("digest").put("sha256", archive.sha256());
      entry.putObject("annotations").put("path", archive.path());
    });
    dependencies.addObject().put("uri", "pkg:maven/dev.scratchjava/images@" + version(Provenance.class));
    dependencies.addObject().put("uri", "pkg:maven/com.google.cloud.tools/jib-core@" + version(Jib.class));
    ObjectNode run = predicate.putObject("runDetails");
    run.putObject("builder").put("id", builder.id());
    builder.run().ifPresent(url -> run.putObject("metadata").put("invocationId", url));
    return predicate;
  }

  /** The SHA-256s of the .deb files a provenance names, to compare with a lock's. */
  public static Set<String> debs(com.fasterxml.jackson.databind.JsonNode predicate) {
    Set<String> debs = new TreeSet<>();
    predicate.path("buildDefinition").path("resolvedDependencies").forEach(entry -> {
      if (entry.path("uri").asText().startsWith("pkg:deb/")) {
        debs.add(entry.path("digest").path("sha256").asText());
      }
    });
    return debs;
  }

  private static String version(Class<?> type) {
    String version = type.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}

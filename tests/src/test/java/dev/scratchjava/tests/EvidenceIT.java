package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.Tags;
import dev.scratchjava.image.TestResult;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import dev.scratchjava.support.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a user checks of a published image: {@code ./catalog sign} with a key pair the test makes,
 * against the registry on loopback, then every signature and attestation read back with Debian's
 * cosign, not with the catalog's own code; and {@code ./catalog verify --registry}. The smallest
 * image under test stands for all: signing does not depend on what an image holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceIT {
  private static final String REGISTRY = System.getenv().getOrDefault("CATALOG_TEST_REGISTRY", "127.0.0.1:5000");


  private final Definition image = ImageUnderTest.all().map(ImageUnderTest::definition)
      .filter(Definition::isDefault).distinct()
      .min(Comparator.comparingInt(d -> ImageUnderTest.catalog().lock(d).pins(d.architectures().get(0)).packages().size()))
      .orElseThrow();
  private final Lock lock = ImageUnderTest.catalog().lock(image);
  private final String namespace = "scratchjava-evidence-" + System.currentTimeMillis();
  private Path work;
  private CosignCli cosign;
  private Path publicKey;

  @BeforeAll
  void publishAndSignWithAKeyOfTheTests() throws Exception {
    work = Files.createTempDirectory("evidence-it");
    cosign = CosignCli.fromPath(work);
    publicKey = cosign.keyPair("signer");
    publish(namespace);
    Path results = results("passing", List.of());
    CatalogRun sign = sign(namespace, "signer", results);
    assertEquals(0, sign.status(), sign.printed());
  }

  @AfterAll
  void removeTheKeys() {
    AtomicFiles.deleteTree(work);
  }

  @Test
  void cosignVerifiesTheSignatureOfEveryArchitecturesImageAndOfTheIndex() throws Exception {
    List<String> digests = new ArrayList<>();
    image.architectures().forEach(arch -> digests.add(lock.pins(arch).digest()));
    digests.add(published(namespace).digest(image.repository(), Tags.of(image, lock).immutable()).orElseThrow());
    for (String digest : digests) {
      Processes.Output verify = cosign.run("verify", "--key", publicKey.toString(), "--insecure-ignore-tlog=true",
          "--allow-http-registry", reference(namespace, digest));
      assertEquals(0, verify.status(), digest + ":\n" + verify.text());
    }
  }

  @Test
  void theSbomAttestationNamesTheLockedVersionOfTheImageAndOfEveryPackage() {
    for (Architecture arch : image.architectures()) {
      JsonNode sbom = cosign.predicate(publicKey, "spdxjson", reference(namespace, lock.pins(arch).digest()));
      Set<String> versions = new TreeSet<>();
      sbom.path("packages").forEach(pkg -> versions.add(pkg.path("name").asText() + " " + pkg.path("versionInfo").asText()));
      assertTrue(versions.contains(image.name() + " " + lock.version()), arch + ": " + versions);
      for (LockedPackage deb : lock.pins(arch).packages()) {
        assertTrue(versions.contains(deb.name() + " " + deb.version()), arch + " " + deb.name() + ": " + versions);
      }
    }
  }

  @Test
  void theProvenanceNamesExactlyTheLocksDebFilesTheLockAndTheBuilder() throws Exception {
    String lockSha256 = Hashing.sha256(ImageUnderTest.catalog().folder(image.name()).resolve(Lock.FILE));
    for (Architecture arch : image.architectures()) {
      JsonNode provenance = cosign.predicate(publicKey, "slsaprovenance1", reference(namespace, lock.pins(arch).digest()));
      JsonNode build = provenance.path("buildDefinition");
      Set<String> debs = new TreeSet<>();
      build.path("resolvedDependencies").forEach(dependency -> {
        if (dependency.path("name").asText().endsWith(".deb")) {
          debs.add(dependency.path("name").asText() + " " + dependency.path("digest").path("sha256").asText());
        }
      });
      assertEquals(lock.pins(arch).packages().stream().map(deb -> deb.path() + " " + deb.sha256())
          .collect(Collectors.toCollection(TreeSet::new)), debs, arch.toString());
      assertEquals(lockSha256, build.path("externalParameters").path("lock").path("sha256").asText());
      assertEquals(arch.debian(), build.path("externalParameters").path("architecture").asText());
      assertFalse(provenance.path("runDetails").path("builder").path("id").asText().isEmpty(), provenance.toString());
    }
  }

  @Test
  void theTestResultAttestationIsPassedAndListsTheTestsThatRanOnThatDigest() {
    for (Architecture arch : image.architectures()) {
      JsonNode result = cosign.predicate(publicKey, TestResult.TYPE, reference(namespace, lock.pins(arch).digest()));
      assertEquals("PASSED", result.path("result").asText(), result.toString());
      assertEquals(List.of(suiteTest(arch)), Json.MAPPER.convertValue(result.path("passedTests"), List.class));
    }
  }

  @Test
  void signingAgainAddsNothing() throws Exception {
    String digest = lock.pins(image.architectures().get(0)).digest();
    String tag = digest.replace(':', '-');
    int signatures = published(namespace).manifest(image.repository(), tag + ".sig").path("layers").size();
    int attestations = published(namespace).manifest(image.repository(), tag + ".att").path("layers").size();
    CatalogRun again = sign(namespace, "signer", results("passing", List.of()));
    assertEquals(0, again.status(), again.printed());
    assertEquals(signatures, published(namespace).manifest(image.repository(), tag + ".sig").path("layers").size());
    assertEquals(attestations, published(namespace).manifest(image.repository(), tag + ".att").path("layers").size());
    assertEquals(3, attestations, "SBOM, provenance and test results, once each");
  }

  @Test
  void verifyAgreesWithTheKeyThatSignedAndNotWithAnother() throws Exception {
    CatalogRun same = CatalogRun.in(ImageUnderTest.catalogRoot(), "verify", "--registry", REGISTRY + "/" + namespace,
        "--key", publicKey.toString(), image.name());
    assertEquals(0, same.status(), same.printed());
    assertTrue(same.printed().contains(image.id() + ": every tag names the lock's digest"), same.printed());
    Path otherKey = cosign.keyPair("other");
    CatalogRun other = CatalogRun.in(ImageUnderTest.catalogRoot(), "verify", "--registry", REGISTRY + "/" + namespace,
        "--key", otherKey.toString(), image.name());
    assertEquals(3, other.status(), other.printed());
    assertTrue(other.printed().contains("no signature by the key"), other.printed());
  }

  /**
   * A tag that names another image stops sign before it signs anything, and verify after; a
   * digest the suite failed on gets no test-result attestation.
   */
  @Test
  void aRepointedTagOrAFailedTestIsNamedAndNothingIsVouchedFor() throws Exception {
    String hostile = namespace + "-repointed";
    publish(hostile);
    RegistryApi registry = published(hostile);
    Architecture arch = image.architectures().get(0);
    String tag = Tags.of(image, lock).forArch(arch).get(0);
    RegistryApi.Raw original = registry.raw(image.repository(), tag);
    RegistryApi.Raw index = registry.raw(image.repository(), Tags.of(image, lock).immutable());
    registry.put(image.repository(), tag, index.bytes(), index.mediaType());

    CatalogRun refused = sign(hostile, "signer", results("passing", List.of()));
    assertEquals(3, refused.status(), refused.printed());
    assertTrue(refused.printed().contains(REGISTRY + "/" + hostile + "/" + image.repository() + ":" + tag + ": names "),
        refused.printed());
    assertTrue(registry.tags(image.repository()).keySet().stream().noneMatch(t -> t.endsWith(".sig") || t.endsWith(".att")),
        "nothing signed: " + registry.tags(image.repository()).keySet());

    registry.put(image.repository(), tag, original.bytes(), original.mediaType());
    CatalogRun failed = sign(hostile, "signer", results("failing", List.of("TlsIT.trustsThePrivateCa[x]")));
    assertEquals(0, failed.status(), failed.printed());
    String digest = lock.pins(arch).digest();
    assertTrue(failed.printed().contains(image.id() + " " + arch + ": 1 test(s) failed on " + digest
        + ": no test-result attestation"), failed.printed());
    assertNotEquals(0, cosign.attestations(publicKey, TestResult.TYPE, reference(hostile, digest)).status());

    registry.put(image.repository(), tag, index.bytes(), index.mediaType());
    CatalogRun verify = CatalogRun.in(ImageUnderTest.catalogRoot(), "verify", "--registry", REGISTRY + "/" + hostile,
        "--key", publicKey.toString(), image.name());
    assertEquals(3, verify.status(), verify.printed());
    assertTrue(verify.printed().contains("DIFFERS: " + REGISTRY + "/" + hostile + "/" + image.repository() + ":" + tag),
        verify.printed());
  }

  /** Signed by the right key, but for other inputs than the lock's: verify names it. */
  @Test
  void aProvenanceThatNamesOtherDebFilesIsRefused() throws Exception {
    String forged = namespace + "-forged";
    publish(forged);
    Architecture arch = image.architectures().get(0);
    ObjectNode provenance = (ObjectNode) cosign.predicate(publicKey, "slsaprovenance1",
        reference(namespace, lock.pins(arch).digest())).deepCopy();
    ObjectNode first = (ObjectNode) provenance.path("buildDefinition").path("resolvedDependencies").get(0);
    ((ObjectNode) first.path("digest")).put("sha256", "0".repeat(64));
    Path predicate = work.resolve("forged-provenance.json");
    Files.writeString(predicate, provenance.toString());
    for (String digest : List.of(lock.pins(arch).digest())) {
      cosign.check("sign", "--yes", "--key", work.resolve("signer.key").toString(), "--tlog-upload=false",
          "--allow-http-registry", reference(forged, digest));
      cosign.check("attest", "--yes", "--key", work.resolve("signer.key").toString(), "--tlog-upload=false",
          "--allow-http-registry", "--type", "slsaprovenance1", "--predicate", predicate.toString(), reference(forged, digest));
    }
    CatalogRun verify = CatalogRun.in(ImageUnderTest.catalogRoot(), "verify", "--registry", REGISTRY + "/" + forged,
        "--arch", arch.debian(), "--key", publicKey.toString(), image.name());
    assertEquals(3, verify.status(), verify.printed());
    assertTrue(verify.printed().contains("@" + lock.pins(arch).digest()
        + ": its provenance names other .deb files than the lock (1 not in the lock, 1 of the lock's missing)"), verify.printed());
  }

  private void publish(String into) {
    CatalogRun push = CatalogRun.in(ImageUnderTest.catalogRoot(), "push", "--registry", REGISTRY + "/" + into, image.name());
    assertEquals(0, push.status(), push.printed());
  }

  private CatalogRun sign(String into, String key, Path results) {
    return CatalogRun.in(ImageUnderTest.catalogRoot(), "sign", "--registry", REGISTRY + "/" + into,
        "--key", work.resolve(key + ".key").toString(), "--test-results", results.toString(), image.name());
  }

  /** A folder of results as the suite writes them, one per architecture's digest, each failing {@code failed}. */
  private Path results(String name, List<String> failed) throws Exception {
    Path folder = work.resolve("results-" + name);
    for (Architecture arch : image.architectures()) {
      String digest = lock.pins(arch).digest();
      TestResults.write(Files.createDirectories(folder), new TestResult(digest, image.name(), image.variantName(),
          arch.debian(), null, null, Instant.now().toString(), List.of(suiteTest(arch)), failed, List.of()));
    }
    return folder;
  }

  /** A test the suite ran on the image, as its results name it. */
  private String suiteTest(Architecture arch) {
    return "InventoryIT.holdsOnlyWhatTheDefinitionAllows[" + image.reference(arch) + "]";
  }

  private String reference(String in, String digest) {
    return REGISTRY + "/" + in + "/" + image.repository() + "@" + digest;
  }

  private RegistryApi published(String in) {
    return new RegistryApi(REGISTRY + "/" + in);
  }
}

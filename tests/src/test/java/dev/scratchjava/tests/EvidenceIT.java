package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.Tags;
import dev.scratchjava.image.TestResult;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import dev.scratchjava.support.Processes;
import java.util.ArrayList;
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
 * cosign; and {@code ./catalog verify --registry}. What is refused: {@link EvidenceRefusedIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceIT {
  private SigningFixture signing;
  private final String location = SigningFixture.namespace("evidence");

  @BeforeAll
  void publishAndSignWithAKeyOfTheTests() throws Exception {
    signing = new SigningFixture();
    signing.publish(location);
    CatalogRun sign = signing.sign(location, signing.results("passing", List.of()));
    assertEquals(0, sign.status(), sign.printed());
  }

  @AfterAll
  void removeTheKeys() {
    signing.close();
  }

  @Test
  void cosignVerifiesTheSignatureOfEveryArchitecturesImageAndOfTheIndex() throws Exception {
    List<String> digests = new ArrayList<>();
    signing.image.architectures().forEach(arch -> digests.add(signing.digest(arch)));
    digests.add(new RegistryApi(location).digest(signing.image.repository(),
        Tags.of(signing.image, signing.lock).immutable()).orElseThrow());
    for (String digest : digests) {
      Processes.Output verify = signing.cosign.run("verify", "--key", signing.publicKey.toString(),
          "--insecure-ignore-tlog=true", "--allow-http-registry", signing.reference(location, digest));
      assertEquals(0, verify.status(), digest + ":\n" + verify.text());
    }
  }

  @Test
  void theSbomAttestationNamesTheLockedVersionOfTheImageAndOfEveryPackage() {
    for (Architecture arch : signing.image.architectures()) {
      JsonNode sbom = predicate("spdxjson", arch);
      Set<String> versions = new TreeSet<>();
      sbom.path("packages").forEach(pkg -> versions.add(pkg.path("name").asText() + " " + pkg.path("versionInfo").asText()));
      assertTrue(versions.contains(signing.image.name() + " " + signing.lock.version()), arch + ": " + versions);
      for (LockedPackage deb : signing.lock.pins(arch).packages()) {
        assertTrue(versions.contains(deb.name() + " " + deb.version()), arch + " " + deb.name() + ": " + versions);
      }
    }
  }

  @Test
  void theProvenanceNamesExactlyTheLocksDebFilesTheLockAndTheBuilder() throws Exception {
    String lockSha256 = Hashing.sha256(ImageUnderTest.catalog().folder(signing.image.name()).resolve(Lock.FILE));
    for (Architecture arch : signing.image.architectures()) {
      JsonNode provenance = predicate("slsaprovenance1", arch);
      JsonNode build = provenance.path("buildDefinition");
      Set<String> debs = new TreeSet<>();
      build.path("resolvedDependencies").forEach(dependency -> {
        if (dependency.path("name").asText().endsWith(".deb")) {
          debs.add(dependency.path("name").asText() + " " + dependency.path("digest").path("sha256").asText());
        }
      });
      assertEquals(signing.lock.pins(arch).packages().stream().map(deb -> deb.path() + " " + deb.sha256())
          .collect(Collectors.toCollection(TreeSet::new)), debs, arch.toString());
      assertEquals(lockSha256, build.path("externalParameters").path("lock").path("sha256").asText());
      assertEquals(arch.debian(), build.path("externalParameters").path("architecture").asText());
      assertFalse(provenance.path("runDetails").path("builder").path("id").asText().isEmpty(), provenance.toString());
    }
  }

  @Test
  void theTestResultAttestationIsPassedAndListsTheTestsThatRanOnThatDigest() {
    for (Architecture arch : signing.image.architectures()) {
      JsonNode result = predicate(TestResult.TYPE, arch);
      assertEquals("PASSED", result.path("result").asText(), result.toString());
      assertEquals(List.of(signing.suiteTest(arch)), Json.MAPPER.convertValue(result.path("passedTests"), List.class));
    }
  }

  @Test
  void signingAgainAddsNothing() throws Exception {
    RegistryApi registry = new RegistryApi(location);
    String tag = signing.digest(signing.image.architectures().get(0)).replace(':', '-');
    int signatures = registry.manifest(signing.image.repository(), tag + ".sig").path("layers").size();
    int attestations = registry.manifest(signing.image.repository(), tag + ".att").path("layers").size();
    CatalogRun again = signing.sign(location, signing.results("passing", List.of()));
    assertEquals(0, again.status(), again.printed());
    assertEquals(signatures, registry.manifest(signing.image.repository(), tag + ".sig").path("layers").size());
    assertEquals(attestations, registry.manifest(signing.image.repository(), tag + ".att").path("layers").size());
    assertEquals(3, attestations, "SBOM, provenance and test results, once each");
  }

  @Test
  void verifyAgreesWithTheKeyThatSignedAndNotWithAnother() throws Exception {
    CatalogRun same = signing.verify(location, signing.publicKey);
    assertEquals(0, same.status(), same.printed());
    assertTrue(same.printed().contains(signing.image.id() + ": every tag names the lock's digest"), same.printed());
    CatalogRun other = signing.verify(location, signing.cosign.keyPair("other"));
    assertEquals(3, other.status(), other.printed());
    assertTrue(other.printed().contains("no signature by the key"), other.printed());
  }

  private JsonNode predicate(String type, Architecture arch) {
    return signing.cosign.predicate(signing.publicKey, type, signing.reference(location, signing.digest(arch)));
  }
}

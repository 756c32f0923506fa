package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Tags;
import dev.scratchjava.image.TestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What sign and verify refuse, each in a namespace of its own: a re-pointed tag, a failed test,
 * a provenance for other inputs signed by the right key, and a registry that stops half-way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceRefusedIT {
  private SigningFixture signing;
  private Architecture arch;
  private String digest;

  @BeforeAll
  void makeAKeyPair() throws Exception {
    signing = new SigningFixture();
    arch = signing.image.architectures().get(0);
    digest = signing.digest(arch);
  }

  @AfterAll
  void removeTheKeys() {
    signing.close();
  }

  /**
   * A tag that names another image stops sign before it signs anything, and verify after; a
   * digest the suite failed on gets no test-result attestation.
   */
  @Test
  void aRepointedTagOrAFailedTestIsNamedAndNothingIsVouchedFor() throws Exception {
    String location = SigningFixture.namespace("repointed");
    signing.publish(location);
    RegistryApi registry = new RegistryApi(location);
    String repository = signing.image.repository();
    String tag = Tags.of(signing.image, signing.lock).forArch(arch).get(0);
    RegistryApi.Raw original = registry.raw(repository, tag);
    RegistryApi.Raw index = registry.raw(repository, Tags.of(signing.image, signing.lock).immutable());
    registry.put(repository, tag, index.bytes(), index.mediaType());

    CatalogRun refused = signing.sign(location, signing.results("passing", List.of()));
    assertEquals(3, refused.status(), refused.printed());
    assertTrue(refused.printed().contains(location + "/" + repository + ":" + tag + ": names "), refused.printed());
    assertTrue(registry.tags(repository).keySet().stream().noneMatch(t -> t.endsWith(".sig") || t.endsWith(".att")),
        "nothing signed: " + registry.tags(repository).keySet());

    registry.put(repository, tag, original.bytes(), original.mediaType());
    CatalogRun failed = signing.sign(location, signing.results("failing", List.of("TlsIT.trustsThePrivateCa[x]")));
    assertEquals(0, failed.status(), failed.printed());
    assertTrue(failed.printed().contains(signing.image.id() + " " + arch + ": 1 test(s) failed on " + digest
        + ": no test-result attestation"), failed.printed());
    assertNotEquals(0, signing.cosign.attestations(signing.publicKey, TestResult.TYPE,
        signing.reference(location, digest)).status());

    registry.put(repository, tag, index.bytes(), index.mediaType());
    CatalogRun verify = signing.verify(location, signing.publicKey);
    assertEquals(3, verify.status(), verify.printed());
    assertTrue(verify.printed().contains("DIFFERS: " + location + "/" + repository + ":" + tag), verify.printed());
  }

  /** Signed by the right key, but for other inputs than the lock's: verify names it. */
  @Test
  void aProvenanceThatNamesOtherDebFilesIsRefused() throws Exception {
    String genuine = SigningFixture.namespace("genuine");
    signing.publish(genuine);
    assertEquals(0, signing.sign(genuine, signing.results("passing", List.of())).status());
    ObjectNode provenance = (ObjectNode) signing.cosign.predicate(signing.publicKey, "slsaprovenance1",
        signing.reference(genuine, digest)).deepCopy();
    ObjectNode first = (ObjectNode) provenance.path("buildDefinition").path("resolvedDependencies").get(0);
    ((ObjectNode) first.path("digest")).put("sha256", "0".repeat(64));
    Path predicate = signing.work.resolve("forged-provenance.json");
    Files.writeString(predicate, provenance.toString());

    String forged = SigningFixture.namespace("forged");
    signing.publish(forged);
    String key = signing.privateKey().toString();
    signing.cosign.check("sign", "--yes", "--key", key, "--tlog-upload=false", "--allow-http-registry",
        signing.reference(forged, digest));
    signing.cosign.check("attest", "--yes", "--key", key, "--tlog-upload=false", "--allow-http-registry",
        "--type", "slsaprovenance1", "--predicate", predicate.toString(), signing.reference(forged, digest));
    CatalogRun verify = signing.verify(forged, signing.publicKey, "--arch", arch.debian());
    assertEquals(3, verify.status(), verify.printed());
    assertTrue(verify.printed().contains("@" + digest
        + ": its provenance names other .deb files than the lock (1 not in the lock, 1 of the lock's missing)"), verify.printed());
  }

  /**
   * A registry that drops the connection as cosign writes the first attestation: sign fails in one
   * line, and the sign after it completes the evidence with each piece once.
   */
  @Test
  void aRegistryThatStopsMidAttestationIsCompletedByTheNextSignWithNothingTwice(@TempDir Path folder) throws Exception {
    try (StoppableRegistry registry = StoppableRegistry.start(folder)) {
      String location = registry.address() + "/evidence";
      signing.publish(location);
      Path results = signing.results("passing", List.of());
      registry.stopAt(new StoppableRegistry.Stop((before, request) -> request.putsManifest()
          && request.reference().endsWith(".att"), 0, StoppableRegistry.Outage.REFUSED));
      CatalogRun stopped = signing.sign(location, results);
      assertTrue(registry.stopped(), "not stopped at an attestation:\n" + stopped.printed());
      assertEquals(1, stopped.status(), stopped.printed());
      assertEquals(1, stopped.printed().lines().filter(line -> line.startsWith("catalog: error: ")).count(), stopped.printed());

      registry.restart();
      CatalogRun again = signing.sign(location, results);
      assertEquals(0, again.status(), again.printed());
      RegistryApi api = new RegistryApi(location);
      for (Architecture each : signing.image.architectures()) {
        String tag = signing.digest(each).replace(':', '-');
        assertEquals(1, api.manifest(signing.image.repository(), tag + ".sig").path("layers").size(), each + " signatures");
        assertEquals(3, api.manifest(signing.image.repository(), tag + ".att").path("layers").size(), each + " attestations");
      }
    }
  }
}

package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.image.TestResult;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What sign refuses before it reads the registry or runs cosign; the signing itself is EvidenceIT's. */
class SignTest {
  @TempDir Path root;

  @Test
  void withoutCosignOnThePathItSaysSoAndSignsNothing() throws Exception {
    SmallCatalog small = new SmallCatalog(root);
    Path key = Files.writeString(root.resolve("cosign.key"), "not read");
    String message = assertThrows(CatalogException.class, () -> new Sign(small.workspace()).run(Selection.all(),
        "127.0.0.1:9/ns", Map.of("PATH", root.resolve("no-such-folder").toString()), Optional.of(key), root))
        .getMessage();
    assertEquals("cosign is not on PATH: install Debian's cosign package (trixie or newer), or run bash .ci/tools,"
        + " and run again", message);
  }

  @Test
  void namesAMissingKeyAndRefusesKeylessOutsideGitHubActions() throws Exception {
    SmallCatalog small = new SmallCatalog(root);
    Sign sign = new Sign(small.workspace());
    String missing = assertThrows(CatalogException.class, () -> sign.run(Selection.all(), "127.0.0.1:9/ns", Map.of(),
        Optional.of(root.resolve("gone.key")), root)).getMessage();
    assertTrue(missing.startsWith("--key " + root.resolve("gone.key") + ": no such file"), missing);
    String keyless = assertThrows(CatalogException.class, () -> sign.run(Selection.all(), "127.0.0.1:9/ns", Map.of(),
        Optional.empty(), root)).getMessage();
    assertTrue(keyless.contains("give --key cosign.key"), keyless);
    String results = assertThrows(CatalogException.class, () -> sign.run(Selection.all(), "127.0.0.1:9/ns", Map.of(),
        Optional.empty(), root.resolve("no-results"))).getMessage();
    assertTrue(results.startsWith("--test-results " + root.resolve("no-results") + ": no such folder"), results);
  }

  @Test
  void aTestResultPassesOnlyWithTestsThatRanAndNoneFailed() {
    assertEquals("PASSED", result(List.of("a"), List.of(), List.of()).result());
    assertEquals("WARNED", result(List.of("a"), List.of(), List.of("s")).result());
    assertEquals("FAILED", result(List.of("a"), List.of("f"), List.of()).result());
    assertEquals("FAILED", result(List.of(), List.of(), List.of("s")).result(), "nothing ran: nothing passed");
    assertEquals(List.of("f"), Json.MAPPER.convertValue(
        result(List.of("a"), List.of("f"), List.of()).predicate().path("failedTests"), List.class));
  }

  @Test
  void evidenceMadeAgainInAnotherRunOrGivenBackByCosignWithEmptyFieldsIsTheSame() throws Exception {
    var provenance = Json.MAPPER.readTree("{\"buildDefinition\": {\"externalParameters\": {\"lock\": {\"sha256\": \"1\"},"
        + " \"source\": {\"commit\": \"a\"}}}, \"runDetails\": {\"builder\": {\"id\": \"b\"}, \"metadata\": {\"invocationId\": \"run/1\"}}}");
    var nextRun = Json.MAPPER.readTree("{\"buildDefinition\": {\"externalParameters\": {\"lock\": {\"sha256\": \"1\"},"
        + " \"source\": {\"commit\": \"c\"}}}, \"runDetails\": {\"builder\": {\"id\": \"b\"}, \"metadata\": {\"invocationId\": \"run/2\"}}}");
    assertEquals(Sign.comparable(provenance), Sign.comparable(nextRun), "the same lock and builder, another run");
    var otherLock = Json.MAPPER.readTree(nextRun.toString().replace("\"sha256\":\"1\"", "\"sha256\":\"2\""));
    assertTrue(!Sign.comparable(provenance).equals(Sign.comparable(otherLock)), "another lock is other evidence");
    var results = Json.MAPPER.readTree("{\"result\": \"PASSED\", \"passedTests\": [\"a\"], \"url\": \"run/1\"}");
    var resultsAgain = Json.MAPPER.readTree("{\"result\": \"PASSED\", \"passedTests\": [\"a\"], \"url\": \"run/2\"}");
    assertEquals(Sign.comparable(results), Sign.comparable(resultsAgain));

    var ours = Json.MAPPER.readTree("{\"creationInfo\": {\"created\": \"2026-01-01T00:00:00Z\", \"creators\": [\"x\"]}, \"a\": 1}");
    var back = Json.MAPPER.readTree("{\"a\": 1, \"creationInfo\": {\"created\": \"2026-12-08T00:00:00Z\", \"creators\": [\"x\"]},"
        + " \"metadata\": {}, \"internal\": null}");
    assertEquals(Sign.comparable(ours), Sign.comparable(back));
    var other = Json.MAPPER.readTree("{\"a\": 2, \"creationInfo\": {\"creators\": [\"x\"]}}");
    assertTrue(!Sign.comparable(ours).equals(Sign.comparable(other)));
  }

  private static TestResult result(List<String> passed, List<String> failed, List<String> skipped) {
    return new TestResult("sha256:" + "a".repeat(64), "java21", "default", "amd64", null, null, "2026-12-08T00:00:00Z",
        passed, failed, skipped);
  }
}

package dev.scratchjava.image;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the conformance suite ran against one image digest, as it writes it to
 * {@code target/test-results/sha256-HEX.json}, and the in-toto test-result predicate made of it.
 *
 * @param commit the repository's commit the suite ran at, if known
 * @param runUrl the CI run, if there was one
 * @param finished when the run ended (ISO-8601)
 * @param skipped tests skipped or aborted: listed as warned
 */
@JsonPropertyOrder({"digest", "image", "variant", "architecture", "commit", "runUrl", "finished", "passed", "failed",
    "skipped"})
public record TestResult(String digest, String image, String variant, String architecture, String commit,
    String runUrl, String finished, List<String> passed, List<String> failed, List<String> skipped) {
  public static final String TYPE = "https://in-toto.io/attestation/test-result/v0.1";

  public TestResult {
    Json.required(digest, "digest");
    passed = list(passed, "passed");
    failed = list(failed, "failed");
    skipped = list(skipped, "skipped");
  }

  /** A list that may be empty but must be there: an absent one would pass for "nothing failed". */
  private static List<String> list(List<String> names, String field) {
    if (names == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return List.copyOf(names);
  }

  /** The file the suite writes for a digest, below {@code folder}. */
  public static Path fileOf(Path folder, String digest) {
    return folder.resolve(digest.replace(':', '-') + ".json");
  }

  /** The results for {@code digest} in {@code folder}, if the suite tested it; a file for another digest is refused. */
  public static Optional<TestResult> read(Path folder, String digest) {
    Path file = fileOf(folder, digest);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    TestResult result = Json.read(file, TestResult.class);
    if (!result.digest().equals(digest)) {
      throw new CatalogException(file + ": field 'digest' is " + result.digest() + ", not " + digest);
    }
    return Optional.of(result);
  }

  /** PASSED, WARNED (something was skipped) or FAILED, as in-toto names them. */
  public String result() {
    return !failed.isEmpty() || passed.isEmpty() ? "FAILED" : skipped.isEmpty() ? "PASSED" : "WARNED";
  }

  public ObjectNode predicate() {
    ObjectNode predicate = Json.MAPPER.createObjectNode().put("result", result());
    ObjectNode suite = predicate.putArray("configuration").addObject().put("name", "tests/");
    Optional.ofNullable(commit).ifPresent(c -> suite.putObject("digest").put("gitCommit", c));
    Optional.ofNullable(runUrl).ifPresent(url -> predicate.put("url", url));
    passed.forEach(predicate.putArray("passedTests")::add);
    skipped.forEach(predicate.putArray("warnedTests")::add);
    failed.forEach(predicate.putArray("failedTests")::add);
    return predicate;
  }
}

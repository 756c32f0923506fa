package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.image.Cosign;
import dev.scratchjava.support.Json;
import dev.scratchjava.support.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Debian's cosign, run as a user runs it, to check what the catalog signed without the catalog's
 * code. Its keys have an empty password, which cosign then reads from an empty standard input.
 */
final class CosignCli {
  private final Path program;
  private final Path keys;

  private CosignCli(Path program, Path keys) {
    this.program = program;
    this.keys = keys;
  }

  /** cosign from PATH (.ci/run puts Debian's there); keys go into {@code keys}. */
  static CosignCli fromPath(Path keys) {
    return Cosign.find(System.getenv()).map(program -> new CosignCli(program, keys))
        .orElseGet(() -> fail("cosign is not on PATH: .ci/run installs Debian's (see .ci/tools.tsv)"));
  }

  /** Makes {@code NAME.key} and {@code NAME.pub}; returns the public key. */
  Path keyPair(String name) {
    check("generate-key-pair", "--output-key-prefix", keys.resolve(name).toString());
    return keys.resolve(name + ".pub");
  }

  Processes.Output run(String... args) {
    List<String> command = new ArrayList<>(List.of(program.toString()));
    command.addAll(List.of(args));
    return Processes.run(command, Duration.ofMinutes(2), Map.of("COSIGN_PASSWORD", ""));
  }

  void check(String... args) {
    Processes.Output output = run(args);
    assertEquals(0, output.status(), String.join(" ", args) + ":\n" + output.text());
  }

  Processes.Output attestations(Path publicKey, String type, String reference) {
    return run("verify-attestation", "--key", publicKey.toString(), "--insecure-ignore-tlog=true",
        "--allow-http-registry", "--type", type, reference);
  }

  /** The one predicate of {@code type} on {@code reference}, checked against the key by cosign. */
  JsonNode predicate(Path publicKey, String type, String reference) {
    Processes.Output output = attestations(publicKey, type, reference);
    assertEquals(0, output.status(), type + " on " + reference + ":\n" + output.text());
    List<String> envelopes = output.text().lines().filter(line -> line.startsWith("{")).toList();
    assertEquals(1, envelopes.size(), "one " + type + " attestation on " + reference + ":\n" + output.text());
    try {
      JsonNode statement = Json.MAPPER.readTree(Base64.getDecoder().decode(
          Json.MAPPER.readTree(envelopes.get(0)).path("payload").asText()));
      return statement.path("predicate");
    } catch (java.io.IOException e) {
      throw new AssertionError(reference + ": not an in-toto statement", e);
    }
  }
}

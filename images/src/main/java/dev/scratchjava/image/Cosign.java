package dev.scratchjava.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Json;
import dev.scratchjava.support.Processes;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code cosign} program (Debian's package), which signs and attests images in a registry and
 * verifies what is there. The catalog writes no signature of its own: what users verify with
 * cosign is what cosign made. Registry credentials reach it through a Docker configuration of
 * its own, never on its command line.
 */
public final class Cosign implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  /** GitHub Actions' OIDC issuer, whose certificates keyless signatures of the publish workflow carry. */
  public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
  /**
   * What cosign says when there is nothing of the signer's: no signature, none by that key, none
   * of that type. Anything else (a registry or network failure) is a failure, not an absence.
   */
  private static final Pattern ABSENT = Pattern.compile("no signatures found|no matching signatures"
      + "|no matching attestations|none of the attestations matched|accepted signatures do not match threshold");

  /** Who signs, and so what a signature must show to count as ours. */
  public sealed interface Signer permits KeyPair, Keyless {}

  /**
   * A key pair of cosign's: the private key signs (its password in {@code COSIGN_PASSWORD}), the
   * public key verifies. Signatures go to no transparency log, so this works offline.
   */
  public record KeyPair(Optional<Path> privateKey, Path publicKey) implements Signer {}

  /**
   * Keyless, through the CI's OpenID Connect token (GitHub Actions'), recorded in the public log.
   *
   * @param identity the certificate identity a signature must carry, as a regular expression
   * @param issuer the OIDC issuer that vouched for it
   */
  public record Keyless(String identity, String issuer) implements Signer {}

  private final Path program;
  private final boolean plainHttp;
  private final Path dockerConfig;
  private final Map<String, String> environment;

  private Cosign(Path program, boolean plainHttp, Path dockerConfig, String keyPassword) {
    this.program = program;
    this.plainHttp = plainHttp;
    this.dockerConfig = dockerConfig;
    // Never a prompt: without a terminal cosign would fail on it. No password means an empty one.
    this.environment = Map.of("DOCKER_CONFIG", dockerConfig.toString(), "COSIGN_PASSWORD", keyPassword);
  }

  /**
   * cosign from {@code PATH}, speaking to {@code registry} with these credentials (else with the
   * user's own Docker configuration, which {@code env} names).
   */
  public static Cosign on(Map<String, String> env, Registry registry, Optional<Registry.Credentials> credentials) {
    Path program = find(env).orElseThrow(Cosign::missing);
    try {
      Path config = Files.createTempDirectory("catalog-cosign",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      String auths = credentials.map(c -> Json.MAPPER.createObjectNode().set("auths", Json.MAPPER.createObjectNode()
              .set(registry.host(), Json.MAPPER.createObjectNode().put("auth", Base64.getEncoder().encodeToString(
                  (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))))).toString())
          .orElseGet(() -> read(Registry.dockerConfig(env)));
      Files.writeString(config.resolve("config.json"), auths);
      return new Cosign(program, registry.isLoopback(), config, env.getOrDefault("COSIGN_PASSWORD", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The line that says cosign is missing, for a command that checks before it starts. */
  public static CatalogException missing() {
    return new CatalogException("cosign is not on PATH: install Debian's cosign package (trixie or newer),"
        + " or run bash .ci/tools, and run again");
  }

  /** The cosign program on {@code PATH}, if there is one. */
  public static Optional<Path> find(Map<String, String> env) {
    for (String folder : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(folder.isEmpty() ? "." : folder, "cosign");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String read(Path config) {
    try {
      return Files.isRegularFile(config) ? Files.readString(config) : "{}";
    } catch (IOException e) {
      throw new CatalogException(config + ": cannot read: " + e.getMessage());
    }
  }

  /** Whether {@code reference} (by digest) carries a signature of this signer's. */
  public boolean signed(String reference, Signer signer) {
    return found(run(verifying("verify", signer, reference, List.of())), "cosign verify " + reference);
  }

  /** Whether cosign verified something; false only where it says there is nothing of the signer's. */
  private static boolean found(Processes.Output output, String what) {
    if (output.status() == 0) {
      return true;
    }
    if (ABSENT.matcher(output.text()).find()) {
      return false;
    }
    throw new CatalogException(what + " failed (exit " + output.status() + "): " + lastLine(output));
  }

  public void sign(String reference, Signer signer) {
    check(signing("sign", signer, reference, List.of()), "cosign sign " + reference);
  }

  /**
   * The predicates of {@code type} attested on {@code reference} by this signer, each checked by
   * cosign; none when there are none.
   */
  public List<JsonNode> predicates(String reference, String type, Signer signer) {
    Processes.Output output = run(verifying("verify-attestation", signer, reference, List.of("--type", type)));
    List<JsonNode> predicates = new ArrayList<>();
    if (!found(output, "cosign verify-attestation --type " + type + " " + reference)) {
      return predicates;
    }
    for (String line : output.text().lines().filter(line -> line.startsWith("{")).toList()) {
      try {
        JsonNode statement = Json.MAPPER.readTree(Base64.getDecoder().decode(Json.MAPPER.readTree(line).path("payload").asText()));
        predicates.add(statement.path("predicate"));
      } catch (IOException | IllegalArgumentException e) {
        throw new CatalogException(reference + ": cosign printed an attestation that is not an in-toto statement");
      }
    }
    return predicates;
  }

  public void attest(String reference, String type, Path predicate, Signer signer) {
    check(signing("attest", signer, reference, List.of("--type", type, "--predicate", predicate.toString())),
        "cosign attest " + type + " " + reference);
  }

  private List<String> signing(String verb, Signer signer, String reference, List<String> more) {
    List<String> command = new ArrayList<>(List.of(program.toString(), verb, "--yes"));
    if (signer instanceof KeyPair pair) {
      command.addAll(List.of("--key", pair.privateKey().orElseThrow(
          () -> new CatalogException("signing needs the private key")).toString(), "--tlog-upload=false"));
    }
    command.addAll(more);
    return finish(command, reference);
  }

  private List<String> verifying(String verb, Signer signer, String reference, List<String> more) {
    List<String> command = new ArrayList<>(List.of(program.toString(), verb));
    if (signer instanceof KeyPair pair) {
      command.addAll(List.of("--key", pair.publicKey().toString(), "--insecure-ignore-tlog=true"));
    } else if (signer instanceof Keyless keyless) {
      command.addAll(List.of("--certificate-identity-regexp", keyless.identity(),
          "--certificate-oidc-issuer", keyless.issuer()));
    }
    command.addAll(more);
    return finish(command, reference);
  }

  private List<String> finish(List<String> command, String reference) {
    if (plainHttp) {
      command.add("--allow-http-registry");
    }
    command.add(reference);
    return command;
  }

  /** The public key of a private one: what verifies the signatures it makes. */
  public Path publicKeyOf(Path privateKey) {
    String pem = check(List.of(program.toString(), "public-key", "--key", privateKey.toString()),
        "reading the key " + privateKey + " (its password in COSIGN_PASSWORD)");
    Path file = dockerConfig.resolve("key.pub");
    try {
      Files.writeString(file, pem.substring(Math.max(0, pem.indexOf("-----BEGIN"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private String check(List<String> command, String what) {
    Processes.Output output = run(command);
    if (output.status() != 0) {
      throw new CatalogException(what + " failed (exit " + output.status() + "): " + lastLine(output));
    }
    return output.text();
  }

  /** cosign's own reason: its last line, which says what failed. */
  private static String lastLine(Processes.Output output) {
    return output.tail().lines().reduce((first, last) -> last).orElse("");
  }

  private Processes.Output run(List<String> command) {
    return Processes.run(command, TIMEOUT, environment);
  }

  @Override
  public void close() {
    AtomicFiles.deleteTree(dockerConfig);
  }
}

package dev.scratchjava.cli;

import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Sign;
import dev.scratchjava.operations.Workspace;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Signs what push published, with cosign: each architecture's image and each index; on"
        + " each architecture's image it attests the SPDX SBOM, the SLSA provenance and the suite's test"
        + " results for that digest.",
        "Nothing is signed unless every tag names the lock's digest (exit 3). What is there already is not"
            + " added again. With --key, cosign's key pair (password in COSIGN_PASSWORD), no transparency log;"
            + " without, keyless with the GitHub Actions workflow's identity."})
final class SignCommand extends SourcedCommand {
  @Mixin ImageSelection images;

  @Option(names = "--registry", paramLabel = "HOST[:PORT]/NAMESPACE", required = true,
      description = "where push published the images")
  String registry;

  @Option(names = "--key", paramLabel = "FILE", description = "cosign's private key (cosign.key)")
  Path key;

  @Option(names = "--test-results", paramLabel = "DIR",
      description = "where the suite wrote its results per digest (default: target/test-results)")
  Path testResults;

  @Override
  ExitStatus run(Workspace workspace) {
    Sign.Report report = new Sign(workspace).run(images.selection(), registry, System.getenv(),
        Optional.ofNullable(key), testResults != null ? testResults : workspace.output().resolve("test-results"));
    if (!report.differences().isEmpty()) {
      report.differences().forEach(out()::println);
      out().println("nothing was signed: the registry does not serve the lock's digests under those tags");
      return ExitStatus.DIGEST_DIFFERS;
    }
    report.notes().forEach(out()::println);
    out().println("every image and index signed; SBOM and provenance attested on every architecture's image");
    return ExitStatus.OK;
  }
}

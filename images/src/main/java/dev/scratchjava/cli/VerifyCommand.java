package dev.scratchjava.cli;

import dev.scratchjava.image.Cosign;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Verify;
import dev.scratchjava.operations.VerifyPublished;
import dev.scratchjava.operations.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Rebuilds images from their locks (outside target/) and compares the digests;"
        + " exits 3 if any differs, naming the first differing layer and file where target/images"
        + " holds a build of the locked digest.",
        "With --registry, also checks that every tag push writes names the lock's digest there and, with"
            + " --key or --identity, that each image and index is signed so and each architecture's"
            + " provenance names exactly the lock's .deb files."})
final class VerifyCommand extends SourcedCommand {
  @Mixin ImageSelection.WithArch selection;

  @Option(names = "--registry", paramLabel = "HOST[:PORT]/NAMESPACE",
      description = "where the images were published, to compare with the locks")
  String registry;

  @ArgGroup(exclusive = true)
  SignedBy signedBy;

  /** Whose signatures count: a public key, or a keyless identity. */
  static final class SignedBy {
    @Option(names = "--key", paramLabel = "FILE", description = "cosign's public key (cosign.pub)")
    Path key;

    @Option(names = "--identity", paramLabel = "REGEX",
        description = "the signing workflow's certificate identity, as a regular expression")
    String identity;
  }

  @Option(names = "--issuer", paramLabel = "URL", defaultValue = Cosign.GITHUB_ISSUER,
      description = "the OIDC issuer of --identity (default: GitHub Actions')")
  String issuer;

  @Override
  ExitStatus run(Workspace workspace) {
    Optional<Cosign.Signer> signer = signer();
    List<Verify.Result> results = new Verify(workspace).run(selection.selection());
    long differing = 0;
    for (Verify.Result result : results) {
      if (result.same()) {
        out().println(result.recipe().what() + ": same digest " + result.locked());
        continue;
      }
      differing++;
      out().println(result.recipe().what() + ": DIFFERS: lock " + result.locked() + ", rebuilt "
          + result.rebuilt());
      out().println(result.firstDifference()
          .map(first -> "  first difference from target/images: " + first)
          .orElse("  (target/images holds no build of the locked digest to compare layers with:"
              + " run ./catalog build before changing the builder)"));
    }
    out().println(differing == 0
        ? "every digest equals its lock"
        : differing + " digest(s) differ from their locks");
    if (registry != null) {
      VerifyPublished.Result published =
          new VerifyPublished(workspace).run(selection.selection(), registry, System.getenv(), signer);
      published.checked().forEach(out()::println);
      published.differences().forEach(line -> out().println("DIFFERS: " + line));
      differing += published.differences().size();
    }
    return differing == 0 ? ExitStatus.OK : ExitStatus.DIGEST_DIFFERS;
  }

  /** Checked before any rebuild: a mistyped option should not cost minutes. */
  private Optional<Cosign.Signer> signer() {
    if (signedBy == null) {
      return Optional.empty();
    }
    if (registry == null) {
      throw new ParameterException(spec.commandLine(), "--key and --identity need --registry");
    }
    if (signedBy.key != null && !Files.isRegularFile(signedBy.key)) {
      throw new ParameterException(spec.commandLine(), "--key " + signedBy.key + ": no such file");
    }
    // Go's regular expressions match anywhere: unanchored, another repository's identity could match.
    if (signedBy.identity != null && !(signedBy.identity.startsWith("^") && signedBy.identity.endsWith("$"))) {
      throw new ParameterException(spec.commandLine(), "--identity must be anchored, '^...$': '"
          + signedBy.identity + "' would also match identities that merely contain it");
    }
    if (Cosign.find(System.getenv()).isEmpty()) {
      throw Cosign.missing();
    }
    return Optional.of(signedBy.key != null
        ? new Cosign.KeyPair(Optional.empty(), signedBy.key)
        : new Cosign.Keyless(signedBy.identity, issuer));
  }
}

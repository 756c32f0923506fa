package dev.scratchjava.cli;

import dev.scratchjava.image.CiRun;
import dev.scratchjava.image.Publisher;
import dev.scratchjava.image.Registry;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Push;
import dev.scratchjava.operations.Workspace;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "push", mixinStandardHelpOptions = true,
    description = {"Publishes images to a registry: each architecture's image, the multi-arch index,"
        + " then the tags (N, full version, full version-revision, each also -ARCH).",
        "Credentials come from REGISTRY_USERNAME and REGISTRY_PASSWORD, else Docker's config.json."})
final class PushCommand extends SourcedCommand {
  @Mixin ImageSelection images;

  @Option(names = "--registry", paramLabel = "HOST[:PORT]/NAMESPACE", required = true,
      description = "the registry and namespace to publish to")
  String registry;

  @Option(names = "--head-of", paramLabel = "BRANCH",
      description = "push only if this checkout is the head of BRANCH on its remote origin (CI: main)")
  String headOf;

  @Override
  ExitStatus run(Workspace workspace) {
    if (headOf != null) {
      CiRun.requireHeadOf(main.root, headOf);
    }
    Path dockerConfig = Registry.dockerConfig(System.getenv());
    for (Publisher.Outcome outcome :
        new Push(workspace).run(images.selection(), registry, System.getenv(), dockerConfig)) {
      out().println(outcome.imagesUploaded() == 0 && outcome.tagsMoved() == 0
          ? outcome.image() + ": nothing to upload, every tag already current (index "
              + outcome.indexDigest() + ")"
          : outcome.image() + ": uploaded " + outcome.imagesUploaded() + " image(s), moved "
              + outcome.tagsMoved() + " tag(s) (index " + outcome.indexDigest() + ")");
    }
    return ExitStatus.OK;
  }
}

package dev.scratchjava.cli;

import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.SbomDocuments;
import dev.scratchjava.operations.Workspace;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "sbom", mixinStandardHelpOptions = true,
    description = "Writes an SPDX 2.3 document per image, variant and architecture to target/sbom/.")
final class SbomCommand extends SourcedCommand {
  @Mixin ImageSelection.WithArch selection;

  @Override
  ExitStatus run(Workspace workspace) {
    for (Path file : new SbomDocuments(workspace).write(selection.selection())) {
      out().println("wrote " + main.root.relativize(file));
    }
    return ExitStatus.OK;
  }
}

package dev.scratchjava.cli;

import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.operations.Build;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Workspace;
import java.nio.file.Path;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true,
    description = {"Builds images from their locks into OUTPUT/images/*.tar and, when a Docker engine"
        + " answers, loads them as IMAGE:N-ARCH (and IMAGE:N for this machine's architecture).",
        "Reads only the locks and the package cache; exits 3 if a digest differs from its lock."})
final class BuildCommand extends SourcedCommand {
  @Mixin ImageSelection.WithArch selection;

  @Option(names = "--no-load", description = "write the tars only; do not load them into Docker")
  boolean noLoad;

  @Option(names = "--output", paramLabel = "DIR", description = "write tars under DIR/images (default: target)")
  Path output;

  @Override
  Path output() {
    return output != null ? output : super.output();
  }

  @Override
  ExitStatus run(Workspace workspace) {
    Build.Report report = new Build(workspace).run(selection.selection(), !noLoad);
    if (!report.images().isEmpty()) {
      String format = "%-16s %-8s %-71s %8s%n";
      out().println();
      out().printf(format, "IMAGE", "ARCH", "DIGEST", "SIZE");
      for (BuiltImage one : report.images()) {
        out().printf(format, one.recipe().definition().id(), one.recipe().arch(), one.digest(),
            String.format("%.1f MB", one.bytes() / 1e6));
      }
    }
    if (!report.differing().isEmpty()) {
      out().println("digest differs from the lock for "
          + report.differing().stream().map(one -> one.recipe().what()).collect(Collectors.joining(", "))
          + ": the build is not what the lock recorded (run ./catalog lock after changing the builder)");
    }
    return report.status();
  }
}

package dev.scratchjava.cli;

import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Verify;
import dev.scratchjava.operations.Workspace;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Rebuilds images from their locks (outside target/) and compares the digests;"
        + " exits 3 if any differs, naming the first differing layer and file where target/images"
        + " holds a build of the locked digest."})
final class VerifyCommand extends SourcedCommand {
  @Mixin ImageSelection.WithArch selection;

  @Override
  ExitStatus run(Workspace workspace) {
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
    return differing == 0 ? ExitStatus.OK : ExitStatus.DIGEST_DIFFERS;
  }
}

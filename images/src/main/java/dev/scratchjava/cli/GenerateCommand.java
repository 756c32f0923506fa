package dev.scratchjava.cli;

import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Generated;
import dev.scratchjava.operations.Workspace;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Rewrites the parts of README.md, the pages of docs/ and the workflows that repeat the"
        + " catalog or this command line (between do-not-edit markers).",
        "With --check, only says which are stale and exits 4 if any is."})
final class GenerateCommand extends CatalogCommand {
  @Option(names = "--check", description = "change nothing; exit 4 if a generated part is stale")
  boolean check;

  @Override
  ExitStatus run(Workspace workspace) {
    Generated generated = generated(workspace);
    if (check) {
      List<String> stale = generated.stale();
      stale.forEach(file -> out().println(file + ": generated part is stale: run ./catalog generate"));
      return stale.isEmpty() ? ExitStatus.OK : ExitStatus.GENERATED_STALE;
    }
    List<String> changed = generated.write();
    out().println(changed.isEmpty() ? "generated parts are current" : "rewrote " + String.join(", ", changed));
    return ExitStatus.OK;
  }

  /** The catalog's generated parts, and the documentation's synopsis of every command. */
  static Generated generated(Workspace workspace) {
    CommandLine root = Main.commandLine(System.out, System.err);
    StringBuilder synopsis = new StringBuilder("```\n");
    root.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        sub.getCommandSpec().usageMessage().width(200);
        synopsis.append(sub.getHelp().synopsis(0).strip()).append('\n');
      }
    });
    synopsis.append("```\n");
    return new Generated(workspace.catalog(), Map.of("usage", synopsis.toString()));
  }
}

package dev.scratchjava.cli;

import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every subcommand shares: the root, where it prints, and the workspace it works in. */
abstract class CatalogCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    return run(workspace()).code();
  }

  abstract ExitStatus run(Workspace workspace) throws Exception;

  /** Where packages come from; the defaults for a command without such options. */
  SourceOptions sources() {
    return new SourceOptions();
  }

  /** Where the command writes its output: {@code target/} of the root, unless it has an option. */
  Path output() {
    return main.root.resolve("target");
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The workspace; progress lines are indented below the command's own. */
  private Workspace workspace() {
    SourceOptions sources = sources();
    return new Workspace(main.root, sources.cache(), output(), sources.mirrors(),
        line -> out().println("  " + line));
  }
}

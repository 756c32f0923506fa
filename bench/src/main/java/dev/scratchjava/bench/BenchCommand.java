package dev.scratchjava.bench;

import dev.scratchjava.cli.ImageSelection;
import dev.scratchjava.cli.Main;
import dev.scratchjava.cli.SourceOptions;
import dev.scratchjava.image.DockerEngine;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Workspace;
import dev.scratchjava.support.CatalogException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./catalog bench}: the benchmark's command line. */
@Command(name = "./catalog bench", mixinStandardHelpOptions = true,
    description = {"Measures sizes, start-up, memory and build times against a Debian minbase with"
        + " the same JRE installed by apt; prints tables and writes target/bench/benchmark.json.",
        "Needs Docker; the baseline needs root and debootstrap (skipped, with the reason, without)."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
      description = "the repository root, which holds the image folders (default: ${DEFAULT-VALUE})")
  Path root;

  @Mixin ImageSelection.WithArch selection;
  @Mixin SourceOptions sources;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
      description = "timed starts per image and variant (default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--no-baseline", description = "measure our images only")
  boolean noBaseline;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(Main.configure(new CommandLine(new BenchCommand()), System.out, System.err).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (runs < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--runs needs a positive whole number, not '" + runs + "'");
    }
    if (!DockerEngine.isReachable()) {
      throw new CatalogException("the benchmark runs containers: no Docker engine answers");
    }
    Workspace workspace = new Workspace(root, sources.cache(), root.resolve("target"),
        sources.mirrors(), line -> System.out.println("  " + line));
    new Benchmark(workspace, System.out).run(new Benchmark.Settings(selection.selection(), runs, !noBaseline));
    return ExitStatus.OK.code();
  }
}

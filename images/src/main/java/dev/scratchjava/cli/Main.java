package dev.scratchjava.cli;

import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.support.CatalogException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code catalog} command: picocli parses, the subcommands call the operations and print
 * progress and summaries, and every failure a user can cause ends as one line and an
 * {@link ExitStatus}.
 */
@Command(
    name = "./catalog",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Builds, locks, verifies and publishes the catalog of distroless Java base images.",
    subcommands = {
      BuildCommand.class,
      LockCommand.class,
      PushCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      SbomCommand.class,
      GenerateCommand.class,
      ArchitecturesCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "./catalog bench --help: the benchmark (its own module, run by the same script)."})
public final class Main implements Runnable {
  @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
      description = "the repository root, which holds the image folders (default: ${DEFAULT-VALUE})")
  Path root;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line; returns its exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  /** The whole command line, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    return configure(new CommandLine(new Main()), out, err);
  }

  /**
   * Sets up a command line as the catalog's commands behave: output to {@code out} and {@code err},
   * the exit statuses in the help, one-line errors mapped to their status.
   */
  public static CommandLine configure(CommandLine commandLine, PrintStream out, PrintStream err) {
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    Map<String, String> statuses = new LinkedHashMap<>();
    for (ExitStatus status : ExitStatus.values()) {
      statuses.put(String.valueOf(status.code()), status.meaning());
    }
    setExitStatuses(commandLine, statuses);
    commandLine.setExecutionExceptionHandler((e, failed, parsed) -> {
      failed.getErr().println("catalog: error: " + errorLine(e));
      return ExitStatus.ERROR.code();
    });
    commandLine.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      String message = e instanceof CommandLine.UnmatchedArgumentException unmatched
              && failed.getCommandSpec().parent() == null && !unmatched.getUnmatched().isEmpty()
              && !unmatched.getUnmatched().get(0).startsWith("-")
          ? "unknown command '" + unmatched.getUnmatched().get(0) + "'"
          : e.getMessage();
      failed.getErr().println("catalog: " + message.lines().findFirst().orElse(message)
          + " (see '" + failed.getCommandSpec().qualifiedName() + " --help')");
      return ExitStatus.USAGE.code();
    });
    commandLine.setExitCodeExceptionMapper(e -> ExitStatus.ERROR.code());
    return commandLine;
  }

  /** A failure as one line: its message, or for one the user did not cause, what went wrong. */
  static String errorLine(Exception e) {
    String line = e instanceof CatalogException || e instanceof UncheckedIOException
        ? e.getMessage()
        : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
    return line.lines().findFirst().orElse(line);
  }

  private static void setExitStatuses(CommandLine commandLine, Map<String, String> statuses) {
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit statuses:%n").exitCodeList(statuses);
    commandLine.getSubcommands().values().forEach(sub -> setExitStatuses(sub, statuses));
  }

  /** The version line: the build module's own version, from its jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"catalog " + (version == null ? "(development)" : version)};
    }
  }
}

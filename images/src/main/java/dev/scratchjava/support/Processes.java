package dev.scratchjava.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs other programs (docker, debootstrap) and collects what they print. */
public final class Processes {
  private Processes() {}

  /** A finished program: its exit status and its stdout and stderr, merged. */
  public record Output(int status, String text) {
    /** The last lines, to quote in an error message. */
    public String tail() {
      List<String> lines = text.strip().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
  }

  /**
   * Runs a program to its end, or ends it after {@code timeout}. Its output goes to a file, so
   * that waiting is bounded by the timeout and not by the program closing its output.
   */
  public static Output run(List<String> command, Duration timeout) {
    return run(command, timeout, Map.of());
  }

  /** The same, with these variables added to the environment the program inherits. */
  public static Output run(List<String> command, Duration timeout, Map<String, String> environment) {
    Path output = null;
    try {
      output = Files.createTempFile("catalog-process", ".out");
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process = builder
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new CatalogException(String.join(" ", command) + ": timed out after " + timeout);
      }
      return new Output(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CatalogException("cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
    } finally {
      AtomicFiles.deleteQuietly(output);
    }
  }

  /** Runs a program that must succeed; its output, or an error naming {@code what} and why. */
  public static String check(List<String> command, Duration timeout, String what) {
    Output output = run(command, timeout);
    if (output.status() != 0) {
      throw new CatalogException(what + " failed (exit " + output.status() + "): " + output.tail());
    }
    return output.text();
  }
}

package dev.scratchjava.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

  public static Output run(List<String> command, Duration timeout) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new CatalogException(String.join(" ", command) + ": timed out after " + timeout);
      }
      return new Output(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CatalogException("cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
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

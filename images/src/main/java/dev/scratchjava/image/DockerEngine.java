package dev.scratchjava.image;

import dev.scratchjava.catalog.CatalogException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The local Docker engine, through the docker command line (as jib-core itself loads images). */
public final class DockerEngine {
  private DockerEngine() {}

  /** Whether a docker client is installed and its engine answers. */
  public static boolean isReachable() {
    try {
      return run(List.of("docker", "version", "--format", "{{.Server.Version}}"), 20) == 0;
    } catch (CatalogException e) {
      return false;
    }
  }

  /** Loads a docker-save tar and adds {@code extraTags} to the image it names. */
  public static void load(Path tar, String reference, List<String> extraTags) {
    check(List.of("docker", "load", "--quiet", "--input", tar.toString()), "load " + tar);
    for (String tag : extraTags) {
      check(List.of("docker", "tag", reference, tag), "tag " + reference + " as " + tag);
    }
  }

  private static void check(List<String> command, String what) {
    if (run(command, 300) != 0) {
      throw new CatalogException("docker could not " + what);
    }
  }

  private static int run(List<String> command, int timeoutSeconds) {
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new CatalogException(String.join(" ", command) + ": timed out");
      }
      if (process.exitValue() != 0 && !command.get(1).equals("version")) {
        System.err.print(new String(output, StandardCharsets.UTF_8));
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new CatalogException("cannot run docker: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
    }
  }
}

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
      return run(List.of("docker", "version", "--format", "{{.Server.Version}}"), 20).status() == 0;
    } catch (CatalogException e) {
      return false;
    }
  }

  /**
   * Loads a docker-save tar and adds {@code extraTags} to the image it names; returns false when
   * the engine already had that image under {@code reference}, so nothing was loaded.
   */
  public static boolean load(Path tar, String reference, String imageId, List<String> extraTags) {
    Output current =
        run(List.of("docker", "image", "inspect", "--format", "{{.Id}}", reference), 60);
    boolean loaded = !(current.status() == 0 && current.text().strip().equals(imageId));
    if (loaded) {
      check(List.of("docker", "load", "--quiet", "--input", tar.toString()), "load " + tar);
    }
    for (String tag : extraTags) {
      check(List.of("docker", "tag", reference, tag), "tag " + reference + " as " + tag);
    }
    return loaded;
  }

  private static void check(List<String> command, String what) {
    Output output = run(command, 300);
    if (output.status() != 0) {
      System.err.print(output.text());
      throw new CatalogException("docker could not " + what);
    }
  }

  private record Output(int status, String text) {}

  private static Output run(List<String> command, int timeoutSeconds) {
    try {
      Process process =
          new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new CatalogException(String.join(" ", command) + ": timed out");
      }
      return new Output(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new CatalogException("cannot run docker: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
    }
  }
}

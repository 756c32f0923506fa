package dev.scratchjava.image;

import dev.scratchjava.support.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The local Docker engine, through the docker command line (as jib-core itself loads images). */
public final class DockerEngine {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private DockerEngine() {}

  /** Whether a docker client is installed and its engine answers. */
  public static boolean isReachable() {
    try {
      return Processes.run(List.of("docker", "version", "--format", "{{.Server.Version}}"),
          Duration.ofSeconds(20)).status() == 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Loads a docker-save tar and adds {@code extraTags} to the image it names; returns false when
   * the engine already had that image under {@code reference}, so nothing was loaded.
   */
  public static boolean load(Path tar, String reference, String imageId, List<String> extraTags) {
    boolean loaded = !imageId(reference).equals(imageId);
    if (loaded) {
      Processes.check(List.of("docker", "load", "--quiet", "--input", tar.toString()), TIMEOUT,
          "docker load " + tar);
    }
    for (String tag : extraTags) {
      Processes.check(List.of("docker", "tag", reference, tag), TIMEOUT,
          "docker tag " + reference + " " + tag);
    }
    return loaded;
  }

  /** The ID of the image the engine has under {@code reference}, or "" if it has none. */
  public static String imageId(String reference) {
    Processes.Output output = Processes.run(
        List.of("docker", "image", "inspect", "--format", "{{.Id}}", reference), TIMEOUT);
    return output.status() == 0 ? output.text().strip() : "";
  }
}

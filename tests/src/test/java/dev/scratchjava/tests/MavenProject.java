package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scratchjava.support.Processes;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's small Maven project (test resources under apps/), built the way its user would: by the
 * Maven wrapper, with its framework and plugins from Maven Central.
 *
 * @param folder the project's folder (under target/test-classes, so its own target/ stays there)
 */
record MavenProject(Path folder) {
  // A first build on a fresh machine downloads a framework and its plugins.
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  static MavenProject named(String name) {
    try {
      return new MavenProject(Path.of(MavenProject.class.getResource("/apps/" + name + "/pom.xml").toURI()).getParent());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code mvnw -B -q ARGUMENTS} on the project; fails with Maven's output unless it succeeds. */
  void build(String... arguments) {
    List<String> command = new ArrayList<>(List.of(ImageUnderTest.catalogRoot().resolve("mvnw").toString(),
        "-B", "-q", "-f", folder.resolve("pom.xml").toString()));
    command.addAll(List.of(arguments));
    Processes.Output output = Processes.run(command, TIMEOUT);
    assertEquals(0, output.status(), String.join(" ", command) + " failed:\n" + output.text());
  }

  Path file(String path) {
    return folder.resolve(path);
  }
}

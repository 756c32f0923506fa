package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;

/**
 * The images hold no shell: a container whose entrypoint is a shell cannot even start. A variant
 * that carries one on purpose (debug: busybox) has it where it declares, and no other.
 */
class NoShellIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#all";
  private static final List<String> SHELLS =
      List.of("/bin/sh", "/bin/bash", "/bin/dash", "/bin/busybox", "/usr/bin/sh", "/usr/bin/env");

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void cannotStartAShell(ImageUnderTest image) {
    for (String shell : SHELLS.stream().filter(shell -> !declared(image, shell)).toList()) {
      String outcome = start(image, shell, "-c", "true");
      assertTrue(
          outcome.contains("no such file or directory"),
          shell + " should not exist in " + image + ", but: " + outcome);
    }
  }

  static Stream<ImageUnderTest> withShells() {
    return ImageUnderTest.all().filter(image -> !image.definition().shells().isEmpty());
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("withShells")
  void startsTheShellsItDeclares(ImageUnderTest image) {
    for (String shell : image.definition().shells()) {
      assertEquals("exit 0", start(image, shell, "sh", "-c", "true"), shell + " in " + image);
    }
  }

  /** Whether the image carries {@code shell} on purpose; /bin is a link to /usr/bin in every image. */
  private static boolean declared(ImageUnderTest image, String shell) {
    return image.definition().shells().contains(shell.replaceFirst("^/bin/", "/usr/bin/"));
  }

  /** The control: a program the image holds starts the same way, so the refusals mean "no such file". */
  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void startsAProgramItHoldsTheSameWay(ImageUnderTest image) {
    if (image.definition().hasJava()) {
      assertEquals("exit 0", start(image, "/usr/bin/java", "-version"));
    } else {
      // A base holds no program but the dynamic loader, which runs on its own.
      assertEquals("exit 0", start(image, image.arch().loader(), "--version"));
    }
  }

  /** Starts a container with this entrypoint: "exit N" once it ends, or the engine's refusal. */
  static String start(ImageUnderTest image, String... entrypoint) {
    return start(image.reference(), entrypoint);
  }

  /** Starts a container of {@code reference} with this entrypoint, as {@link #start(ImageUnderTest, String...)}. */
  static String start(String reference, String... entrypoint) {
    DockerClient docker = DockerClientFactory.instance().client();
    CreateContainerResponse created =
        docker
            .createContainerCmd(reference)
            .withEntrypoint(entrypoint[0])
            .withCmd(List.of(entrypoint).subList(1, entrypoint.length))
            .exec();
    try {
      docker.startContainerCmd(created.getId()).exec();
      int status =
          docker
              .waitContainerCmd(created.getId())
              .start()
              .awaitStatusCode(2, TimeUnit.MINUTES);
      return "exit " + status;
    } catch (DockerException e) {
      return e.getMessage();
    } finally {
      docker.removeContainerCmd(created.getId()).withForce(true).exec();
    }
  }
}

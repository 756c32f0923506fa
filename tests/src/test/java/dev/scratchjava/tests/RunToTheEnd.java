package dev.scratchjava.tests;

import com.github.dockerjava.api.DockerClient;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

/** Containers expected to end, such as a tool run or a JVM that runs out of memory. */
final class RunToTheEnd {
  private RunToTheEnd() {}

  /** Starts {@code container}, whatever its exit status, and waits for that status. */
  static long exitStatus(GenericContainer<?> container) {
    container.withStartupCheckStrategy(new StartupCheckStrategy() {
      @Override
      public StartupStatus checkStartupState(DockerClient docker, String containerId) {
        return StartupStatus.SUCCESSFUL;
      }
    });
    container.start();
    return container.getDockerClient().waitContainerCmd(container.getContainerId()).start()
        .awaitStatusCode(3, TimeUnit.MINUTES);
  }
}

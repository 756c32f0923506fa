package dev.scratchjava.tests;

import com.github.dockerjava.api.model.HostConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/** Runs the probe program once in a fresh container of an image and reads what it printed. */
final class Probes {
  private Probes() {}

  /** What the probe printed on stdout. The container must exit 0, or this fails. */
  static String stdout(
      ImageUnderTest image, Map<String, String> env, List<String> jvmOptions, String... args) {
    return stdout(image, env, jvmOptions, host -> {}, args);
  }

  /** The same, in a container whose host settings (limits, mounts) {@code host} adjusts. */
  static String stdout(
      ImageUnderTest image,
      Map<String, String> env,
      List<String> jvmOptions,
      Consumer<HostConfig> host,
      String... args) {
    List<String> command = new ArrayList<>(jvmOptions);
    command.add("-cp");
    command.add("/probe");
    command.add("Probe");
    command.addAll(List.of(args));
    try (GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(image.reference()))
            .withCopyFileToContainer(
                MountableFile.forHostPath(Programs.classes(image.java())), "/probe")
            .withEnv(env)
            .withCommand(command.toArray(String[]::new))
            .withCreateContainerCmdModifier(cmd -> host.accept(cmd.getHostConfig()))
            .withStartupCheckStrategy(
                new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      container.start();
      return container.getLogs(OutputFrame.OutputType.STDOUT);
    }
  }

  /** The probe's key=value lines. */
  static Map<String, String> run(
      ImageUnderTest image, Map<String, String> env, List<String> jvmOptions, String... args) {
    return parse(stdout(image, env, jvmOptions, args));
  }

  static Map<String, String> parse(String stdout) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : stdout.split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        values.put(line.substring(0, equals), line.substring(equals + 1).strip());
      }
    }
    return values;
  }

  static Map<String, String> run(ImageUnderTest image, String... args) {
    return run(image, Map.of(), List.of(), args);
  }
}

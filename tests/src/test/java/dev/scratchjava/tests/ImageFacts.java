package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.output.ToStringConsumer;
import org.testcontainers.containers.output.WaitingConsumer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * What the runtime of an image reports about itself, gathered by the probe in ONE container per
 * image, architecture and {@link Setting}, and shared by every test that asks. The default
 * setting's container runs the probe's facts mode under the limits the limit checks need (1 GiB
 * of memory, one CPU) with JAVA_TOOL_OPTIONS set; what needs other options or environment, the
 * probe gets from child JVMs it starts itself. What needs another user or a read-only root file
 * system gets a container of its own.
 */
final class ImageFacts {
  private static final long MIB = 1024 * 1024;
  /** OpenShift's way: a UID that no /etc/passwd names, in group 0. */
  static final String ARBITRARY_UID = "1000770000:0";

  /** How a facts container is run: as whom, on which root file system, with which probe mode. */
  enum Setting {
    /** The image's default user, under limits, with JAVA_TOOL_OPTIONS: everything Probe facts reports. */
    DEFAULT(null, false, "facts"),
    ARBITRARY_UID(ImageFacts.ARBITRARY_UID, false, "user"),
    /** The arbitrary UID on a read-only root file system with a tmpfs /tmp, as locked-down clusters run. */
    ARBITRARY_UID_READ_ONLY(ImageFacts.ARBITRARY_UID, true, "user"),
    /** Docker resolves the name from the image's /etc/passwd. */
    NOBODY("nobody", false, "identity");

    private final String user;
    private final boolean readOnly;
    private final String mode;

    Setting(String user, boolean readOnly, String mode) {
      this.user = user;
      this.readOnly = readOnly;
      this.mode = mode;
    }
  }

  private record Key(ImageUnderTest image, Setting setting) {}

  /**
   * Every image's facts, measured once per setting. A failed run is kept too: each test of that
   * image fails with its output instead of starting it again.
   */
  private static final Map<Key, Supplier<ImageFacts>> MEASURED = new ConcurrentHashMap<>();

  private final String source;
  private final String printed;
  private final String stderr;
  private final Map<String, String> facts;

  private ImageFacts(String source, String printed, String stderr) {
    this.stderr = stderr;
    this.source = source;
    this.printed = printed;
    this.facts = parse(printed);
  }

  /** The facts of this image, from its one facts run in the default setting. */
  static ImageFacts of(ImageUnderTest image) {
    return of(image, Setting.DEFAULT);
  }

  /** The facts of this image, from its one run in {@code setting}. */
  static ImageFacts of(ImageUnderTest image, Setting setting) {
    return MEASURED.computeIfAbsent(new Key(image, setting), ImageFacts::measureOnce).get();
  }

  private static Supplier<ImageFacts> measureOnce(Key key) {
    try {
      ImageFacts facts = measure(key.image(), key.setting());
      return () -> facts;
    } catch (RuntimeException | AssertionError e) {
      return () -> {
        throw e;
      };
    }
  }

  private static ImageFacts measure(ImageUnderTest image, Setting setting) {
    // A container that fails to start is removed before start() throws: what it printed is
    // recorded as it comes, to show it then.
    ToStringConsumer printed = new ToStringConsumer();
    WaitingConsumer ended = new WaitingConsumer();
    // Mounted, not copied: the engine copies nothing into a container with a read-only root.
    Bind probeClasses = new Bind(Programs.classes(image.java()).toAbsolutePath().toString(),
        new Volume("/probe"), AccessMode.ro);
    try (GenericContainer<?> probe =
        new GenericContainer<>(DockerImageName.parse(image.reference()))
            .withCommand("-cp", "/probe", "Probe", setting.mode)
            .withLogConsumer(printed.andThen(ended))
            .withCreateContainerCmdModifier(cmd -> {
              HostConfig host = cmd.getHostConfig().withBinds(probeClasses);
              if (setting == Setting.DEFAULT) {
                host.withMemory(1024 * MIB).withNanoCPUs(1_000_000_000L);
              }
              if (setting.readOnly) {
                host.withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=64m"));
              }
              if (setting.user != null) {
                cmd.withUser(setting.user);
              }
            })
            // Up to fourteen JVM starts, on one CPU, under emulation for arm64.
            .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(10)))) {
      if (setting == Setting.DEFAULT) {
        probe.withEnv("JAVA_TOOL_OPTIONS", "-Dprobe.flag=on");
      }
      try {
        probe.start();
      } catch (ContainerLaunchException e) {
        try {
          ended.waitUntilEnd(30, TimeUnit.SECONDS);
        } catch (TimeoutException stillRunning) {
          e.addSuppressed(stillRunning);
        }
        throw new AssertionError(image + ": the " + setting + " facts run did not exit 0; it printed:\n"
            + printed.toUtf8String(), e);
      }
      return new ImageFacts(image + " " + setting + " facts run", probe.getLogs(OutputFrame.OutputType.STDOUT),
          probe.getLogs(OutputFrame.OutputType.STDERR));
    }
  }

  /** The probe's key=value lines, unescaped (see Probe.java). */
  private static Map<String, String> parse(String printed) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (String line : printed.split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        facts.put(line.substring(0, equals), unescape(line.substring(equals + 1)));
      }
    }
    return facts;
  }

  private static String unescape(String value) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        text.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  /**
   * What the facts container printed on stderr: the image's entrypoint started the probe, under
   * the container's limits, with JAVA_TOOL_OPTIONS set.
   */
  String stderr() {
    return stderr;
  }

  /** Everything the run printed on stdout, facts or not. */
  String printed() {
    return printed;
  }

  /** A fact the probe reported; fails, showing all it printed, if it reported no such fact. */
  String get(String key) {
    String value = facts.get(key);
    if (value == null) {
      fail(source + " reported no " + key + "; it printed:\n" + printed);
    }
    return value;
  }

  /** The child JVM the probe ran under this name (see Probe.facts for its options). */
  Run run(String name) {
    String prefix = "run." + name + ".";
    return new Run(name, Integer.parseInt(get(prefix + "exit")),
        new ImageFacts(source + ", run " + name, get(prefix + "stdout"), ""), get(prefix + "stderr"));
  }

  /** One child JVM: its exit status, the facts it printed on stdout, and its stderr. */
  record Run(String name, int exit, ImageFacts stdout, String stderr) {
    /** This run, once it is sure it exited 0 (as a container of just this command had to). */
    Run succeeded() {
      assertEquals(0, exit, "run " + name + " failed; stderr:\n" + stderr);
      return this;
    }

    String get(String key) {
      return stdout.get(key);
    }

    /** Asserts that this run exited 0 and printed the JVM's version on stderr without a warning. */
    void assertPrintedTheVersionWithoutWarnings() {
      succeeded();
      assertTrue(stderr.contains("version \""), stderr);
      assertFalse(stderr.toLowerCase().contains("warning"), "the JVM warns at start:\n" + stderr);
    }
  }
}

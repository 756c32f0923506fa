package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import dev.scratchjava.catalog.Variant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The recipes of docs/debugging.md with the debug variant, run as written: a container of it joins a running
 * application's PID namespace (what {@code kubectl debug --target} does) and, as the
 * application's user, takes a thread dump, the heap summary, a flight recording and a heap dump;
 * {@code jdb} stops the application at a breakpoint. The application runs from the default image.
 */
class DebugVariantIT {
  private static final String JDWP = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=5005";

  /** How the application runs: as the image's user, or as an arbitrary UID in group 0 on a read-only root. */
  enum Setting {
    NONROOT("65532:65532", false),
    ARBITRARY_UID_READ_ONLY("1000770000:0", true);

    final String user;
    final boolean readOnly;

    Setting(String user, boolean readOnly) {
      this.user = user;
      this.readOnly = readOnly;
    }
  }

  private static Stream<ImageUnderTest> debugVariants() {
    return ImageUnderTest.variants().filter(image -> image.definition().variant().equals(Variant.DEBUG));
  }

  /** Each debug variant of this machine's architecture in both settings, and one other architecture's under emulation. */
  static Stream<Arguments> attachCases() {
    Stream<Arguments> here = debugVariants().filter(ImageUnderTest::onThisMachine)
        .flatMap(image -> Stream.of(Setting.values()).map(setting -> Arguments.of(image, setting)));
    Stream<Arguments> emulated = debugVariants().filter(image -> !image.onThisMachine()).limit(1)
        .map(image -> Arguments.of(image, Setting.NONROOT));
    return Stream.concat(here, emulated);
  }

  static Stream<ImageUnderTest> onThisMachine() {
    return debugVariants().filter(ImageUnderTest::onThisMachine);
  }

  /** The application, from the default image; {@code /tmp} a volume or, if {@code tmpfs}, a tmpfs. */
  private static GenericContainer<?> application(ImageUnderTest debug, Setting setting, boolean tmpfs) {
    // Mounted, not copied: the engine copies nothing into a container with a read-only root.
    Bind classes = new Bind(Programs.classes(debug.java()).toAbsolutePath().toString(), new Volume("/app"), AccessMode.ro);
    return new GenericContainer<>(DockerImageName.parse(debug.defaultVariant().reference()))
        .withCommand("-cp", "/app", "Debuggee")
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withUser(setting.user);
          HostConfig host = cmd.getHostConfig().withBinds(classes).withReadonlyRootfs(setting.readOnly);
          if (tmpfs) {
            host.withTmpFs(Map.of("/tmp", "rw,nosuid,nodev,size=256m"));
          } else {
            cmd.withVolumes(new Volume("/tmp"));
          }
        })
        .waitingFor(Wait.forLogMessage(".*debuggee started.*", 1).withStartupTimeout(Duration.ofMinutes(3)));
  }

  /** What a container of the debug variant printed and its exit status. */
  private record Run(long status, String output) {}

  /** Runs a container of the debug variant to its end, set up by {@code setup}. */
  private static Run run(ImageUnderTest debug, Consumer<CreateContainerCmd> setup) {
    try (GenericContainer<?> tool =
        new GenericContainer<>(DockerImageName.parse(debug.reference())).withCreateContainerCmdModifier(setup)) {
      long status = RunToTheEnd.exitStatus(tool);
      return new Run(status, tool.getLogs());
    }
  }

  /**
   * A tool of the debug variant in the application's PID namespace, as {@code user}; with
   * {@code sharedTmp}, the application's /tmp volume mounted too (docs/debugging.md: Java 8 to 17 need it).
   */
  private static Run debugger(GenericContainer<?> app, ImageUnderTest debug, String user, boolean sharedTmp,
      String entrypoint, String... arguments) {
    return run(debug, cmd -> {
      cmd.withEntrypoint(entrypoint).withCmd(arguments).withUser(user);
      cmd.getHostConfig().withPidMode("container:" + app.getContainerId());
      if (sharedTmp) {
        cmd.getHostConfig().withVolumesFrom(new VolumesFrom(app.getContainerId()));
      }
    });
  }

  private static Run jcmd(GenericContainer<?> app, ImageUnderTest debug, Setting setting, String... command) {
    String[] arguments = Stream.concat(Stream.of("1"), Stream.of(command)).toArray(String[]::new);
    Run run = debugger(app, debug, setting.user, true, "jcmd", arguments);
    assertEquals(0, run.status(), "jcmd " + String.join(" ", command) + ": " + run.output());
    return run;
  }

  private static String head(GenericContainer<?> app, String path, int bytes) {
    return app.copyFileFromContainer(path, in -> new String(in.readNBytes(bytes), StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest(name = "{0} {1}", allowZeroInvocations = true)
  @MethodSource("attachCases")
  void attachesAsTheApplicationsUserThroughASharedTmp(ImageUnderTest debug, Setting setting) {
    try (GenericContainer<?> app = application(debug, setting, false)) {
      app.start();
      assertTrue(jcmd(app, debug, setting, "Thread.print").output().contains("Full thread dump"));
      String heap = jcmd(app, debug, setting, "GC.heap_info").output();
      assertTrue(heap.contains("total") && heap.contains("used"), heap);

      jcmd(app, debug, setting, "JFR.start", "name=debugging");
      jcmd(app, debug, setting, "JFR.dump", "name=debugging", "filename=/tmp/recording.jfr");
      assertEquals("FLR\0", head(app, "/tmp/recording.jfr", 4), "a JFR file, brought out with docker cp");

      jcmd(app, debug, setting, "GC.heap_dump", "/tmp/heap.hprof");
      assertEquals("JAVA PROFILE 1.0.2", head(app, "/tmp/heap.hprof", 18), "a heap dump, brought out with docker cp");
      if (setting == Setting.NONROOT && debug.onThisMachine()) {
        // Not under emulation: qemu runs no ptrace, which jhsdb needs.
        everyOtherToolAnswers(app, debug, setting);
      }
      assertTrue(app.isRunning(), "the application runs on");
    }
  }

  /** The variant's other tools, each once, the way docs/debugging.md lists them. */
  private static void everyOtherToolAnswers(GenericContainer<?> app, ImageUnderTest debug, Setting setting) {
    Map<List<String>, String> expected = new LinkedHashMap<>();
    expected.put(List.of("jstack", "1"), "at Debuggee.main");
    expected.put(List.of("jmap", "-histo", "1"), "java.lang.String");
    expected.put(List.of("jinfo", "-flag", "MaxHeapSize", "1"), "-XX:MaxHeapSize=");
    expected.put(List.of("jstat", "-gcutil", "1"), "YGC");
    expected.put(List.of("jfr", "summary", "/tmp/recording.jfr"), "Chunks:");
    if (debug.java() > 8) {
      // Java 8 has no jhsdb; it reads the JVM through ptrace, which the engine's default profile allows.
      expected.put(List.of("jhsdb", "jstack", "--pid", "1"), "Debugger attached successfully");
    }
    expected.forEach((command, output) -> {
      Run run = debugger(app, debug, setting.user, true, command.get(0),
          command.subList(1, command.size()).toArray(String[]::new));
      assertTrue(run.status() == 0 && run.output().contains(output), command + ": " + run.output());
    });
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("onThisMachine")
  void attachesWithoutASharedTmpFromJava21On(ImageUnderTest debug) {
    Setting setting = Setting.ARBITRARY_UID_READ_ONLY;
    try (GenericContainer<?> app = application(debug, setting, true)) {
      app.start();
      Run dump = debugger(app, debug, setting.user, false, "jcmd", "1", "Thread.print");
      if (debug.java() >= 21) {
        assertTrue(dump.status() == 0 && dump.output().contains("Full thread dump"), dump.output());
        Run heapDump = debugger(app, debug, setting.user, false, "jcmd", "1", "GC.heap_dump", "/tmp/heap.hprof");
        assertEquals(0, heapDump.status(), heapDump.output());
        // docker cp cannot read a tmpfs: the file comes out through the process's root.
        Run cat = debugger(app, debug, setting.user, false, "busybox", "cat", "/proc/1/root/tmp/heap.hprof");
        assertTrue(cat.status() == 0 && cat.output().startsWith("JAVA PROFILE 1.0.2"), cat.output().substring(0, Math.min(100, cat.output().length())));
      } else {
        // Before Java 21 the attach looks for the socket in the debugger's own /tmp (docs/debugging.md says so).
        assertTrue(dump.status() != 0 && dump.output().contains("Unable to open socket file"), dump.output());
      }
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("onThisMachine")
  void jdbStopsTheApplicationAtABreakpointAndReadsALocal(ImageUnderTest debug) {
    try (GenericContainer<?> app = application(debug, Setting.NONROOT, false).withEnv("JAVA_TOOL_OPTIONS", JDWP)) {
      app.start();
      // The pipeline of docs/debugging.md: jdb reads its commands from stdin; the pauses let the breakpoint be hit.
      String script = "(echo 'stop at Debuggee:25'; sleep 3; echo 'print greeting'; sleep 1; echo cont; sleep 1;"
          + " echo exit) | jdb -attach 5005";
      // In the application's network namespace, where JDWP listens on localhost.
      Run jdb = run(debug, cmd -> {
        cmd.withEntrypoint("busybox").withCmd("sh", "-c", script);
        cmd.getHostConfig().withNetworkMode("container:" + app.getContainerId());
      });
      assertTrue(jdb.output().contains("Breakpoint hit: \"thread=main\", Debuggee.greet(), line=25")
          && jdb.output().matches("(?s).*greeting = \"hello \\d+\".*"), jdb.output());
      assertTrue(app.isRunning(), "the application runs on after jdb left");
    }
  }
}

package dev.scratchjava.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.Location;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.request.BreakpointRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The debugging recipes of docs/debugging.md that need nothing but the default image, run as written: a
 * thread dump on SIGQUIT, a debugger over JDWP, JMX over a published port, and what an
 * out-of-memory error leaves behind. On the images of this machine's architecture (the
 * debuggers attach from here).
 */
class DebuggingIT {
  private static final String IMAGES = "dev.scratchjava.tests.DebuggingIT#onThisMachine";

  static Stream<ImageUnderTest> onThisMachine() {
    return ImageUnderTest.runtimes().filter(ImageUnderTest::onThisMachine);
  }

  /** docs/debugging.md, "Remote debugging": Java 9 and later listen on loopback only unless told {@code *:}. */
  static String jdwp(int java) {
    return "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=" + (java == 8 ? "" : "*:") + "5005";
  }

  /** docs/debugging.md, "JMX": one port for the registry and the connection, and the name the client dials. */
  static List<String> jmx(int port) {
    return List.of("-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
        "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
        "-Djava.rmi.server.hostname=127.0.0.1");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static GenericContainer<?> debuggee(ImageUnderTest image, String... command) {
    return new GenericContainer<>(DockerImageName.parse(image.reference()))
        .withCopyFileToContainer(MountableFile.forHostPath(Programs.classes(image.java())), "/app")
        .withCommand(command);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void aRunningApplicationGivesAThreadDumpADebuggerAndJmx(ImageUnderTest image) throws Exception {
    int jmxPort = freePort();
    List<String> command = new ArrayList<>(jmx(jmxPort));
    command.addAll(List.of("-cp", "/app", "Debuggee"));
    try (GenericContainer<?> app = debuggee(image, command.toArray(String[]::new))
        .withEnv("JAVA_TOOL_OPTIONS", jdwp(image.java()))
        .waitingFor(Wait.forLogMessage(".*debuggee started.*", 1).withStartupTimeout(Duration.ofMinutes(2)))) {
      // Both on loopback only, as docs/debugging.md says (the agent lets whoever reaches it run code); JMX's
      // connection comes back to the port the JVM names, so it is published as itself.
      int jdwpPort = freePort();
      app.setPortBindings(List.of("127.0.0.1:" + jdwpPort + ":5005", "127.0.0.1:" + jmxPort + ":" + jmxPort));
      app.start();

      DockerClient docker = app.getDockerClient();
      docker.killContainerCmd(app.getContainerId()).withSignal("QUIT").exec();
      String dump = await().atMost(Duration.ofSeconds(30)).until(app::getLogs, logs -> logs.contains("Full thread dump"));
      assertTrue(dump.contains("\"main\"") && dump.contains("at Debuggee.main"), dump);

      List<String> greetings = breakTwiceInGreet("127.0.0.1", jdwpPort);
      int first = Integer.parseInt(greetings.get(0).substring("hello ".length()));
      assertEquals(List.of("hello " + first, "hello " + (first + 1)), greetings, "the debuggee resumed between stops");

      JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
      try (JMXConnector jmx = JMXConnectorFactory.connect(url)) {
        RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(
            jmx.getMBeanServerConnection(), ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(
            jmx.getMBeanServerConnection(), ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        assertEquals(image.java() == 8 ? "1.8" : String.valueOf(image.java()), runtime.getSpecVersion());
        assertTrue(runtime.getInputArguments().contains("-Dcom.sun.management.jmxremote.port=" + jmxPort),
            runtime.getInputArguments().toString());
        assertTrue(Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
            .anyMatch(thread -> thread != null && thread.getThreadName().equals("main")));
      }
      assertTrue(app.isRunning(), "the application runs on after all three");
    }
  }

  /** Attaches over JDWP, stops twice on the line after {@code greeting} is set, reads it, resumes. */
  private static List<String> breakTwiceInGreet(String host, int port) throws Exception {
    AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
        .filter(connector -> connector.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
    Map<String, Connector.Argument> arguments = socket.defaultArguments();
    arguments.get("hostname").setValue(host);
    arguments.get("port").setValue(String.valueOf(port));
    VirtualMachine vm = socket.attach(arguments);
    try {
      com.sun.jdi.Method greet = vm.classesByName("Debuggee").get(0).methodsByName("greet").get(0);
      Location afterAssignment = greet.allLineLocations().get(1);
      BreakpointRequest breakpoint = vm.eventRequestManager().createBreakpointRequest(afterAssignment);
      breakpoint.enable();
      List<String> greetings = new ArrayList<>();
      while (greetings.size() < 2) {
        EventSet events = vm.eventQueue().remove(TimeUnit.SECONDS.toMillis(30));
        if (events == null) {
          throw new AssertionError("no breakpoint hit in 30 s");
        }
        for (Event event : events) {
          if (event instanceof BreakpointEvent hit) {
            StackFrame frame = hit.thread().frame(0);
            greetings.add(((StringReference) frame.getValue(frame.visibleVariableByName("greeting"))).value());
          }
        }
        events.resume();
      }
      breakpoint.disable();
      return greetings;
    } finally {
      vm.dispose();
    }
  }

  private static String head(GenericContainer<?> container, String path, int bytes) {
    return container.copyFileFromContainer(path,
        in -> new String(in.readNBytes(bytes), StandardCharsets.ISO_8859_1));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void outOfMemoryLeavesAHeapDumpAndAnExitStatus(ImageUnderTest image) {
    try (GenericContainer<?> app = debuggee(image, "-Xmx64m", "-XX:+HeapDumpOnOutOfMemoryError",
        "-XX:HeapDumpPath=/tmp", "-XX:+ExitOnOutOfMemoryError", "-cp", "/app", "Debuggee", "oom")) {
      assertEquals(3, RunToTheEnd.exitStatus(app), app.getLogs());
      assertTrue(app.getLogs().contains("Dumping heap to /tmp/java_pid1.hprof"), app.getLogs());
      assertEquals("JAVA PROFILE 1.0.2", head(app, "/tmp/java_pid1.hprof", 18));
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void aCrashLeavesItsErrorReportWhereItCanBeRead(ImageUnderTest image) {
    try (GenericContainer<?> app = debuggee(image, "-Xmx64m", "-XX:+CrashOnOutOfMemoryError",
        "-XX:ErrorFile=/tmp/hs_err_pid%p.log", "-cp", "/app", "Debuggee", "oom")) {
      // As PID 1 the JVM cannot kill itself with SIGABRT (the kernel drops signals PID 1 does not
      // handle), so abort() ends it with 127 (or 139), not 134: still a failure an orchestrator sees.
      long status = RunToTheEnd.exitStatus(app);
      assertTrue(status == 127 || status == 139, "exit status " + status + ": " + app.getLogs());
      String report = head(app, "/tmp/hs_err_pid1.log", 4096);
      assertTrue(report.contains("A fatal error has been detected by the Java Runtime Environment")
          && report.contains("OutOfMemory encountered"), report);
    }
  }
}

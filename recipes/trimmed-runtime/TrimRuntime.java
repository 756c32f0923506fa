import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Links a Java runtime with only the modules an application jar needs: jdeps finds them, jlink
 * links them, both in this one process, so no shell has to carry jdeps' output to jlink.
 *
 * <pre>java TrimRuntime.java APP.jar JLINK-OPTION...</pre>
 *
 * Runs from source on Java 11 and later. The environment variable ADD_MODULES (comma-separated)
 * adds modules that jdeps cannot see because the application reaches them only by reflection
 * or ServiceLoader, for example jdk.crypto.ec (TLS with EC keys on Java 11 to 21),
 * jdk.localedata (formats of locales other than English), jdk.charsets, jdk.zipfs.
 */
public class TrimRuntime {
  public static void main(String[] args) {
    if (args.length < 1) fail("usage: java TrimRuntime.java APP.jar JLINK-OPTION...");
    if (!Files.isRegularFile(Paths.get(args[0]))) fail(args[0] + ": no such file");
    String modules = run("jdeps", "--print-module-deps", "--ignore-missing-deps",
        "--multi-release", String.valueOf(Runtime.version().feature()), args[0]).trim();
    if (!modules.matches("[\\w.]+(,[\\w.]+)*")) fail("jdeps printed no module list: " + modules);
    String extra = System.getenv("ADD_MODULES");
    if (extra != null && !extra.isBlank()) modules += "," + extra.trim();
    System.out.println("TrimRuntime: modules " + modules);
    List<String> jlink = new ArrayList<>(List.of("--add-modules", modules));
    jlink.addAll(Arrays.asList(args).subList(1, args.length));
    run("jlink", jlink.toArray(new String[0]));
  }

  /** Runs a JDK tool in this JVM and returns its standard output; exits 1 if the tool fails. */
  static String run(String name, String... args) {
    ToolProvider tool = ToolProvider.findFirst(name).orElse(null);
    if (tool == null) fail(name + " not found: run this with a JDK, not a runtime");
    StringWriter out = new StringWriter();
    int status;
    try {
      status = tool.run(new PrintWriter(out, true), new PrintWriter(System.err, true), args);
    } catch (Throwable e) { // jdeps throws an Error on a file that is no class or jar
      status = -1;
      System.err.println(e);
    }
    if (status != 0) {
      System.err.print(out);
      fail(name + " failed with exit code " + status + ": " + String.join(" ", args));
    }
    return out.toString();
  }

  static void fail(String message) {
    System.err.println("TrimRuntime: " + message);
    System.exit(1);
  }
}

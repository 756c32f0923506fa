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
  /** A step that failed, with the line to print. */
  static class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  public static void main(String[] args) {
    try {
      trim(args);
    } catch (Failure e) {
      System.err.println("TrimRuntime: " + e.getMessage());
      System.exit(1);
    }
  }

  static void trim(String[] args) {
    if (args.length < 1) {
      throw new Failure("usage: java TrimRuntime.java APP.jar JLINK-OPTION...");
    }
    if (!Files.isRegularFile(Paths.get(args[0]))) {
      throw new Failure(args[0] + ": no such file");
    }
    // --ignore-missing-deps: classes outside the jar (its Class-Path, a framework's nested jars)
    // are not looked at, so the jar must hold its dependencies, or ADD_MODULES name theirs.
    String modules = run("jdeps", "--print-module-deps", "--ignore-missing-deps",
        "--multi-release", String.valueOf(Runtime.version().feature()), args[0]).trim();
    if (!modules.matches("[\\w.]+(,[\\w.]+)*")) {
      throw new Failure("jdeps printed no module list: " + modules);
    }
    String extra = System.getenv("ADD_MODULES");
    if (extra != null && !extra.isBlank()) {
      modules += "," + extra.trim();
    }
    System.out.println("TrimRuntime: modules " + modules);
    List<String> jlink = new ArrayList<>(List.of("--add-modules", modules));
    jlink.addAll(Arrays.asList(args).subList(1, args.length));
    run("jlink", jlink.toArray(new String[0]));
  }

  /** Runs a JDK tool in this JVM and returns its standard output. */
  static String run(String name, String... args) {
    ToolProvider tool = ToolProvider.findFirst(name)
        .orElseThrow(() -> new Failure(name + " not found: run this with a JDK, not a runtime"));
    StringWriter out = new StringWriter();
    int status;
    try {
      status = tool.run(new PrintWriter(out, true), new PrintWriter(System.err, true), args);
    } catch (RuntimeException | Error e) { // jdeps throws on a file that is no class or jar
      System.err.println(e);
      status = -1;
    }
    if (status != 0) {
      System.err.print(out);
      throw new Failure(name + " failed with exit code " + status + ": " + String.join(" ", args));
    }
    return out.toString();
  }
}

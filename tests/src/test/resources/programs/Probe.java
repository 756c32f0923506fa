import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Reports what the runtime really sees, as key=value lines on stdout, for the conformance suite.
 * Values are escaped: a backslash as \\, a line break as \n, a carriage return as \r.
 * Compiled at the image's Java level (down to 8), so it uses no newer API.
 */
public class Probe {
  /** Summer in the north: a default zone with summer time would show an offset here. */
  private static final String JULY = "2024-07-01T12:00:00Z";
  /** Winter in the north: standard time, for the zones named in TZ. */
  private static final String JANUARY = "2024-01-15T12:00:00Z";
  private static final Map<String, String> NO_ENV = Collections.emptyMap();
  private static final List<String> NO_OPTIONS = Collections.emptyList();
  private static final long RUN_TIMEOUT_SECONDS = 60;

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String what = args.length > 0 ? args[0] : "";
    if (what.equals("facts")) {
      facts(out);
    } else if (what.equals("identity")) {
      identity(out);
    } else if (what.equals("format")) {
      format(out);
    } else if (what.equals("zone")) {
      zone(out, args[1]);
    } else if (what.equals("limits")) {
      limits(out);
    } else if (what.equals("fetch")) {
      fetch(out, args[1]);
    } else {
      System.err.println("usage: Probe facts|identity|fetch URL (and, for its own child JVMs, format|zone INSTANT|limits)");
      System.exit(2);
    }
  }

  /**
   * Everything the suite asks of the runtime, from one container start: what this JVM sees, then
   * what needs other options or environment, from child JVMs of the image's own java. Each child
   * gets exactly its check's options and environment, without the container's JAVA_TOOL_OPTIONS.
   */
  private static void facts(PrintStream out) throws Exception {
    // This JVM: under the container's memory and CPU limits, with its JAVA_TOOL_OPTIONS.
    identity(out);
    encoding(out);
    format(out);
    zone(out, JULY);
    limits(out);
    resolve(out, "localhost");
    truststore(out);
    trace(out);
    compile(out);

    run(out, "german", NO_ENV, Arrays.asList("-Duser.language=de", "-Duser.country=DE"), "format");
    for (String zone : Arrays.asList("Europe/Berlin", "Asia/Kolkata", "America/St_Johns")) {
      run(out, "tz." + zone, Collections.singletonMap("TZ", zone), NO_OPTIONS, "zone", JANUARY);
    }
    run(out, "half-heap", NO_ENV, Arrays.asList("-XX:MaxRAMPercentage=50.0"), "limits");
    run(out, "version", NO_ENV, Arrays.asList("-version"));
    run(out, "no-compressed-oops", NO_ENV, Arrays.asList("-XX:-UseCompressedOops", "-version"));
    // JDKs ship a default CDS archive from 12 on, and compact headers are a product option from
    // 25 on; older JVMs refuse to start with these options, which says nothing about the image.
    int java = javaFeatureVersion();
    if (java >= 12) {
      run(out, "cds", NO_ENV, Arrays.asList("-Xshare:on", "-version"));
    }
    if (java >= 25) {
      run(out, "compact-headers-cds", NO_ENV,
          Arrays.asList("-XX:+UseCompactObjectHeaders", "-Xshare:on", "-version"));
    }
  }

  /**
   * Runs this image's java with {@code options}, then, if {@code probeArgs} are given, this probe
   * with them, and reports run.NAME.exit, run.NAME.stdout and run.NAME.stderr. Output goes to
   * files, so that a child can never block on a full pipe; a child that hangs is killed.
   */
  private static void run(PrintStream out, String name, Map<String, String> env,
      List<String> options, String... probeArgs) throws Exception {
    List<String> command = new ArrayList<String>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.addAll(options);
    if (probeArgs.length > 0) {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("Probe");
      command.addAll(Arrays.asList(probeArgs));
    }
    File stdout = File.createTempFile("run", ".out");
    File stderr = File.createTempFile("run", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String killed = "";
    if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      killed = "\n(killed by the probe after " + RUN_TIMEOUT_SECONDS + " s)";
    }
    fact(out, "run." + name + ".exit", String.valueOf(process.exitValue()));
    fact(out, "run." + name + ".stdout", new String(Files.readAllBytes(stdout.toPath()), "UTF-8"));
    fact(out, "run." + name + ".stderr", new String(Files.readAllBytes(stderr.toPath()), "UTF-8") + killed);
    stdout.delete();
    stderr.delete();
  }

  /** 8 for "1.8", else the feature version, as java.specification.version gives it. */
  private static int javaFeatureVersion() {
    String version = System.getProperty("java.specification.version");
    return Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
  }

  private static void fact(PrintStream out, String key, String value) {
    String escaped = String.valueOf(value)
        .replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    out.println(key + "=" + escaped);
  }

  private static void identity(PrintStream out) throws Exception {
    List<String> status = Files.readAllLines(Paths.get("/proc/self/status"));
    for (String line : status) {
      if (line.startsWith("Uid:") || line.startsWith("Gid:")) {
        String[] ids = line.substring(4).trim().split("\\s+");
        fact(out, line.substring(0, 3).toLowerCase(), ids[1]);
      }
    }
    fact(out, "os.arch", System.getProperty("os.arch"));
    fact(out, "java.version", System.getProperty("java.version"));
    fact(out, "user.home", System.getProperty("user.home"));
  }

  private static void encoding(PrintStream out) {
    fact(out, "file.encoding", System.getProperty("file.encoding"));
    fact(out, "sun.jnu.encoding", System.getProperty("sun.jnu.encoding"));
    fact(out, "native.encoding", System.getProperty("native.encoding"));
    fact(out, "default.charset", Charset.defaultCharset().name());
    // Written through the default-charset System.out: it comes out right only if that is UTF-8.
    // (Nothing in it needs escaping.)
    System.out.println("text=Gr\u00fc\u00dfe \u00c4\u00d6\u00dc \u20ac");
    System.out.flush();
  }

  private static void format(PrintStream out) {
    fact(out, "number", NumberFormat.getInstance().format(1234567.891));
    fact(out, "date", LocalDate.of(2024, 3, 1).format(
        DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)));
  }

  private static void zone(PrintStream out, String instant) {
    ZoneId zone = ZoneId.systemDefault();
    fact(out, "zone", zone.getId());
    fact(out, "offset", zone.getRules().getOffset(Instant.parse(instant)).getId());
  }

  private static void limits(PrintStream out) {
    fact(out, "max.heap", String.valueOf(Runtime.getRuntime().maxMemory()));
    fact(out, "processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
    fact(out, "probe.flag", System.getProperty("probe.flag"));
  }

  private static void fetch(PrintStream out, String url) {
    try {
      java.net.HttpURLConnection connection =
          (java.net.HttpURLConnection) new java.net.URL(url).openConnection();
      connection.setConnectTimeout(20000);
      connection.setReadTimeout(20000);
      fact(out, "status", String.valueOf(connection.getResponseCode()));
    } catch (java.io.IOException e) {
      fact(out, "error", e.toString());
    }
  }

  private static void resolve(PrintStream out, String name) throws Exception {
    fact(out, "address", java.net.InetAddress.getByName(name).getHostAddress());
  }

  private static void truststore(PrintStream out) throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
    fact(out, "trusted", String.valueOf(trust.getAcceptedIssuers().length));
    byte[] bundle = Files.readAllBytes(Paths.get("/etc/ssl/certs/ca-certificates.crt"));
    fact(out, "bundle", String.valueOf(CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(bundle)).size()));
  }

  private static void trace(PrintStream out) {
    try {
      Integer.parseInt("not a number");
    } catch (NumberFormatException e) {
      // The frame where the JDK itself threw: it shows a line number only if the JDK keeps them.
      fact(out, "frame", e.getStackTrace()[0].toString());
    }
  }

  private static void compile(PrintStream out) throws Exception {
    javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      fact(out, "compiler", "absent");
    } else {
      File dir = Files.createTempDirectory("compile").toFile();
      File source = new File(dir, "Hello.java");
      Files.write(source.toPath(), "public class Hello { public String toString() { return \"compiled\"; } }".getBytes("UTF-8"));
      int status = compiler.run(null, null, null, "-d", dir.getPath(), source.getPath());
      fact(out, "status", String.valueOf(status));
      Object hello = new java.net.URLClassLoader(new java.net.URL[] {dir.toURI().toURL()})
          .loadClass("Hello").getDeclaredConstructor().newInstance();
      fact(out, "result", hello.toString());
    }
  }
}

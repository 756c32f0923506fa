import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.color.ColorSpace;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
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
    } else if (what.equals("user")) {
      identity(out);
      graphics(out);
    } else if (what.equals("format")) {
      format(out);
    } else if (what.equals("zone")) {
      zone(out, args[1]);
    } else if (what.equals("limits")) {
      limits(out);
    } else if (what.equals("fill-heap")) {
      fillHeap();
    } else if (what.equals("fetch")) {
      fetch(out, args[1]);
    } else {
      System.err.println("usage: Probe facts|identity|user|fetch URL (and, for its own child JVMs, format|zone INSTANT|limits)");
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
    contentTypes(out);
    graphics(out);

    run(out, "german", NO_ENV, Arrays.asList("-Duser.language=de", "-Duser.country=DE"), "format");
    for (String zone : Arrays.asList("Europe/Berlin", "Asia/Kolkata", "America/St_Johns")) {
      run(out, "tz." + zone, Collections.singletonMap("TZ", zone), NO_OPTIONS, "zone", JANUARY);
    }
    // The image's JVM defaults, as its entrypoint names them, under what overrides them.
    int java = javaFeatureVersion();
    List<String> defaults = entrypointDefaults();
    run(out, "half-heap", NO_ENV, with(defaults, "-XX:MaxRAMPercentage=50.0"), "limits");
    run(out, "half-heap-tool-options", Collections.singletonMap("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50.0"),
        defaults, "limits");
    // The launcher reads JDK_JAVA_OPTIONS from Java 9 on.
    if (java >= 9) {
      run(out, "half-heap-jdk-options", Collections.singletonMap("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=50.0"),
          defaults, "limits");
    }
    run(out, "fill-heap", NO_ENV, with(defaults, "-Xmx16m"), "fill-heap");
    // As on a host or under a limit of 64 GiB, where three quarters is more than compressed oops address.
    run(out, "large-memory", NO_ENV, with(defaults, "-XX:MaxRAM=64g"), "limits");
    run(out, "version", NO_ENV, Arrays.asList("-version"));
    run(out, "no-compressed-oops", NO_ENV, Arrays.asList("-XX:-UseCompressedOops", "-version"));
    // Every image from Java 9 on has a default CDS archive (Java 8's server VM maps one only when
    // asked), and compact headers are a product option from 25 on; older JVMs refuse to start
    // with these options, which says nothing about the image.
    if (java >= 9) {
      run(out, "cds", NO_ENV, with(with(defaults, "-Xshare:on"), "-version"));
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
    fact(out, "user.name", System.getProperty("user.name"));
    fact(out, "user.dir", System.getProperty("user.dir"));
    attempt(out, "writes.home", new Callable<String>() {
      public String call() throws Exception {
        return written(new File(System.getProperty("user.home"), ".probe-home"));
      }
    });
    attempt(out, "writes.relative", new Callable<String>() {
      public String call() throws Exception {
        return written(new File("probe-relative"));
      }
    });
  }

  /** Writes and removes a file, as an application writing its settings or a relative path would. */
  private static String written(File file) throws Exception {
    Files.write(file.toPath(), "x".getBytes("UTF-8"));
    return String.valueOf(file.delete());
  }

  /** Reports what {@code value} gives, or the error it throws, so that one failure hides no other. */
  private static void attempt(PrintStream out, String key, Callable<String> value) {
    try {
      fact(out, key, value.call());
    } catch (Throwable e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      fact(out, key, "error: " + e + (cause == e ? "" : " caused by " + cause));
    }
  }

  /**
   * What a headless application does with java.desktop: draws text with a named font, lists the
   * font families, lays out Arabic, writes and reads a JPEG, converts colours through ICC profiles.
   */
  private static void graphics(PrintStream out) {
    fact(out, "headless", String.valueOf(GraphicsEnvironment.isHeadless()));
    attempt(out, "font.family", new Callable<String>() {
      public String call() {
        // An unknown name falls back to the logical font Dialog: the family shows which was found.
        return new Font("DejaVu Serif", Font.PLAIN, 12).getFamily();
      }
    });
    attempt(out, "font.families", new Callable<String>() {
      public String call() {
        return String.join(",", GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
      }
    });
    attempt(out, "text.pixels", new Callable<String>() {
      public String call() {
        BufferedImage image = textImage();
        int drawn = 0;
        for (int y = 0; y < image.getHeight(); y++) {
          for (int x = 0; x < image.getWidth(); x++) {
            drawn += (image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF ? 0 : 1;
          }
        }
        return String.valueOf(drawn);
      }
    });
    attempt(out, "arabic", new Callable<String>() {
      public String call() {
        Font font = new Font("DejaVu Sans", Font.PLAIN, 24);
        String text = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645";
        FontRenderContext context = new FontRenderContext(null, true, true);
        // createGlyphVector maps characters to glyphs one by one; layout shapes them, and Arabic
        // letters take other glyphs (initial, medial, final forms) when shaping works.
        Set<Integer> isolated = glyphCodes(font.createGlyphVector(context, text));
        Set<Integer> shaped = glyphCodes(font.layoutGlyphVector(
            context, text.toCharArray(), 0, text.length(), Font.LAYOUT_RIGHT_TO_LEFT));
        shaped.removeAll(isolated);
        TextLayout layout = new TextLayout(text, font, context);
        return "rtl=" + !layout.isLeftToRight() + " contextual-glyphs=" + shaped.size()
            + " advance=" + Math.round(layout.getAdvance());
      }
    });
    attempt(out, "jpeg", new Callable<String>() {
      public String call() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(textImage(), "jpeg", bytes)) {
          return "no JPEG writer";
        }
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        return read.getWidth() + "x" + read.getHeight();
      }
    });
    attempt(out, "icc.gray-of-red", new Callable<String>() {
      public String call() {
        BufferedImage red = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        red.setRGB(0, 0, 0xFF0000);
        BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_sRGB),
            ColorSpace.getInstance(ColorSpace.CS_GRAY), null).filter(red, gray);
        return String.valueOf(gray.getRaster().getSample(0, 0, 0));
      }
    });
  }

  /** 240 x 40 pixels, white, with black text in DejaVu Sans. */
  private static BufferedImage textImage() {
    BufferedImage image = new BufferedImage(240, 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
    graphics.setColor(Color.BLACK);
    graphics.setFont(new Font("DejaVu Sans", Font.PLAIN, 24));
    graphics.drawString("Gr\u00fc\u00dfe, Text!", 4, 30);
    graphics.dispose();
    return image;
  }

  private static Set<Integer> glyphCodes(GlyphVector glyphs) {
    Set<Integer> codes = new HashSet<Integer>();
    for (int code : glyphs.getGlyphCodes(0, glyphs.getNumGlyphs(), null)) {
      codes.add(code);
    }
    return codes;
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

  /** The -XX:Flags= option that this JVM was started with (by the image's entrypoint), if any. */
  private static List<String> entrypointDefaults() {
    List<String> defaults = new ArrayList<String>();
    for (String option : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("-XX:Flags=")) {
        defaults.add(option);
      }
    }
    return defaults;
  }

  private static List<String> with(List<String> options, String option) {
    List<String> all = new ArrayList<String>(options);
    all.add(option);
    return all;
  }

  /** Allocates until the heap is full; the JVM's own OutOfMemoryError handling decides the rest. */
  private static void fillHeap() {
    List<long[]> held = new ArrayList<long[]>();
    while (true) {
      held.add(new long[1 << 16]);
    }
  }

  private static void limits(PrintStream out) {
    fact(out, "max.heap", String.valueOf(Runtime.getRuntime().maxMemory()));
    fact(out, "processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
    fact(out, "probe.flag", System.getProperty("probe.flag"));
    fact(out, "compressed.oops", java.lang.management.ManagementFactory.getPlatformMXBean(
        com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseCompressedOops").getValue());
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

  /** What Files.probeContentType says of two common extensions (Java 8 reads /etc/mime.types). */
  private static void contentTypes(PrintStream out) throws Exception {
    fact(out, "type.json", Files.probeContentType(Paths.get("data.json")));
    fact(out, "type.png", Files.probeContentType(Paths.get("picture.png")));
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

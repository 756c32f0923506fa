import java.io.ByteArrayInputStream;
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
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Reports what the runtime really sees, as key=value lines on stdout, for the conformance suite.
 * Compiled at the image's Java level (down to 8), so it uses no newer API.
 */
public class Probe {
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String what = args.length > 0 ? args[0] : "";
    if (what.equals("identity")) {
      List<String> status = Files.readAllLines(Paths.get("/proc/self/status"));
      for (String line : status) {
        if (line.startsWith("Uid:") || line.startsWith("Gid:")) {
          String[] ids = line.substring(4).trim().split("\\s+");
          out.println(line.substring(0, 3).toLowerCase() + "=" + ids[1]);
        }
      }
      out.println("os.arch=" + System.getProperty("os.arch"));
      out.println("java.version=" + System.getProperty("java.version"));
      out.println("user.home=" + System.getProperty("user.home"));
    } else if (what.equals("encoding")) {
      out.println("file.encoding=" + System.getProperty("file.encoding"));
      out.println("sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding"));
      out.println("native.encoding=" + System.getProperty("native.encoding"));
      out.println("default.charset=" + Charset.defaultCharset().name());
      // Written through the default-charset System.out: it comes out right only if that is UTF-8.
      System.out.println("text=Gr\u00fc\u00dfe \u00c4\u00d6\u00dc \u20ac");
      System.out.flush();
    } else if (what.equals("format")) {
      out.println("number=" + NumberFormat.getInstance().format(1234567.891));
      out.println("date=" + LocalDate.of(2024, 3, 1).format(
          DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)));
    } else if (what.equals("zone")) {
      ZoneId zone = ZoneId.systemDefault();
      out.println("zone=" + zone.getId());
      out.println("offset=" + zone.getRules().getOffset(Instant.parse(args[1])).getId());
    } else if (what.equals("limits")) {
      out.println("max.heap=" + Runtime.getRuntime().maxMemory());
      out.println("processors=" + Runtime.getRuntime().availableProcessors());
      out.println("probe.flag=" + System.getProperty("probe.flag"));
    } else if (what.equals("fetch")) {
      try {
        java.net.HttpURLConnection connection =
            (java.net.HttpURLConnection) new java.net.URL(args[1]).openConnection();
        connection.setConnectTimeout(20000);
        connection.setReadTimeout(20000);
        out.println("status=" + connection.getResponseCode());
      } catch (java.io.IOException e) {
        out.println("error=" + e);
      }
    } else if (what.equals("resolve")) {
      out.println("address=" + java.net.InetAddress.getByName(args[1]).getHostAddress());
    } else if (what.equals("truststore")) {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
      out.println("trusted=" + trust.getAcceptedIssuers().length);
      byte[] bundle = Files.readAllBytes(Paths.get("/etc/ssl/certs/ca-certificates.crt"));
      out.println("bundle=" + CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bundle)).size());
    } else if (what.equals("trace")) {
      try {
        Integer.parseInt("not a number");
      } catch (NumberFormatException e) {
        // The frame where the JDK itself threw: it shows a line number only if the JDK keeps them.
        out.println("frame=" + e.getStackTrace()[0]);
      }
    } else if (what.equals("compile")) {
      javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
      if (compiler == null) {
        out.println("compiler=absent");
      } else {
        java.io.File dir = Files.createTempDirectory("compile").toFile();
        java.io.File source = new java.io.File(dir, "Hello.java");
        Files.write(source.toPath(), "public class Hello { public String toString() { return \"compiled\"; } }".getBytes("UTF-8"));
        int status = compiler.run(null, null, null, "-d", dir.getPath(), source.getPath());
        out.println("status=" + status);
        Object hello = new java.net.URLClassLoader(new java.net.URL[] {dir.toURI().toURL()})
            .loadClass("Hello").getDeclaredConstructor().newInstance();
        out.println("result=" + hello);
      }
    } else {
      System.err.println("usage: Probe identity|encoding|format|zone INSTANT|limits|fetch URL|resolve NAME|truststore|trace|compile");
      System.exit(2);
    }
  }
}

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.TimeZone;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The application of the trimmed-runtime recipe: answers HTTP with what a user relies on, as
 * the runtime jlink made for it sees it (user, encodings, zone, trusted CAs).
 */
public class TrimmedApp {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
    server.createContext("/", exchange -> {
      byte[] body = facts().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("listening on 8080");
  }

  /** The top frame of an exception the JDK throws: with a line number unless debug data was stripped. */
  private static String jdkFrame() {
    try {
      Integer.parseInt("not a number");
      return "none";
    } catch (NumberFormatException e) {
      return e.getStackTrace()[0].toString();
    }
  }

  private static String facts() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      int trusted = ((X509TrustManager) factory.getTrustManagers()[0]).getAcceptedIssuers().length;
      String status = new String(Files.readAllBytes(Paths.get("/proc/self/status")), StandardCharsets.UTF_8);
      String uid = status.replaceAll("(?s).*\nUid:\\s+(\\d+).*", "$1");
      return "uid=" + uid + "\n"
          + "file.encoding=" + System.getProperty("file.encoding") + "\n"
          + "sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding") + "\n"
          + "zone=" + TimeZone.getDefault().getID() + "\n"
          + "trusted=" + trusted + "\n"
          + "java.home=" + System.getProperty("java.home") + "\n"
          + "frame=" + jdkFrame() + "\n";
    } catch (Exception e) {
      return "error=" + e + "\n";
    }
  }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * A small HTTP app, as a user would put in a downstream image: answers with the uid it runs as,
 * and says on stdout when it starts and when its shutdown hook runs.
 */
public class App {
  public static void main(String[] args) throws IOException {
    final HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
    server.createContext("/", new HttpHandler() {
      @Override
      public void handle(HttpExchange exchange) throws IOException {
        byte[] body = ("uid=" + uid() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
        out.close();
      }
    });
    Runtime.getRuntime().addShutdownHook(new Thread() {
      @Override
      public void run() {
        server.stop(0);
        System.out.println("shutdown hook ran");
        System.out.flush();
      }
    });
    server.start();
    System.out.println("listening on 8080");
  }

  private static String uid() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("Uid:")) {
        return line.substring(4).trim().split("\\s+")[1];
      }
    }
    return "unknown";
  }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** An HTTPS server on 8443 with the key and certificate in args[0] (PKCS12, password args[1]). */
public class TlsServer {
  public static void main(String[] args) throws Exception {
    char[] password = args[1].toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    InputStream in = new FileInputStream(args[0]);
    try {
      keys.load(in, password);
    } finally {
      in.close();
    }
    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(factory.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(8443), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", new HttpHandler() {
      @Override
      public void handle(HttpExchange exchange) throws IOException {
        byte[] body = "secure\n".getBytes("UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      }
    });
    server.start();
    System.out.println("tls listening on 8443");
  }
}

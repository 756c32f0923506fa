package dev.scratchjava.debian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from a mirror of our own on 127.0.0.1 that misbehaves on purpose: each failure ends
 * in one clear error, and the cache never holds a partial or unverified file.
 */
class FakeMirrorTest {
  private static final byte[] DEB = "!<arch>\nnot really a package, but bytes to verify\n".getBytes(StandardCharsets.UTF_8);

  /** How the mirror answers the n-th request (counting from 1). */
  private interface Behaviour {
    void answer(HttpExchange exchange, int request) throws IOException;
  }

  @TempDir Path cacheDir;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> log = new ArrayList<>();
  private Behaviour behaviour;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        behaviour.answer(exchange, requests.incrementAndGet());
      } catch (IOException e) {
        // The client gave up on a stalled answer: nothing more to send.
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PackageCache cache() {
    String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/debian";
    Mirrors mirrors = Mirrors.configure(mirror, mirror + "-security", Map.of(), cacheDir.resolve("no-apt"));
    return new PackageCache(cacheDir, new Archive(mirrors, null, log::add, Duration.ofSeconds(1)), log::add);
  }

  private static LockedPackage pin(byte[] content) throws Exception {
    String sha = Hashing.sha256(content);
    return new LockedPackage("pkg", "1.0-1", "amd64", "pkg", "bookworm", "pool/main/p/pkg_1.0-1_amd64.deb",
        content.length, sha);
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private List<Path> cachedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(cacheDir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private String failure() throws Exception {
    LockedPackage pkg = pin(DEB);
    String message = assertThrows(CatalogException.class, () -> cache().get(pkg)).getMessage();
    assertEquals(List.of(), cachedFiles(), "nothing half-written in the cache");
    return message;
  }

  @Test
  void downloadsVerifiesAndThenNeedsNoNetwork() throws Exception {
    behaviour = (exchange, n) -> send(exchange, 200, DEB);
    LockedPackage pkg = pin(DEB);
    Path file = cache().get(pkg);
    assertArrayEquals(DEB, Files.readAllBytes(file));
    assertTrue(file.toString().endsWith(pkg.sha256() + ".deb"));
    server.stop(0);
    assertEquals(file, cache().get(pkg), "a warm cache needs no mirror");
    assertEquals(1, requests.get());
  }

  @Test
  void refusesADebThatDoesNotMatchTheLock() throws Exception {
    behaviour = (exchange, n) -> send(exchange, 200, "tampered".getBytes(StandardCharsets.UTF_8));
    String message = failure();
    assertTrue(message.contains("sha256 mismatch") && message.contains(pin(DEB).sha256()), message);
  }

  @Test
  void stopsReadingADownloadAtTheSizeTheLockRecords() throws Exception {
    // The lock's bytes, then far more: the download must not fill the disk before the hash says no.
    byte[] endless = new byte[DEB.length + (8 << 20)];
    System.arraycopy(DEB, 0, endless, 0, DEB.length);
    behaviour = (exchange, n) -> send(exchange, 200, endless);
    String message = failure();
    assertTrue(message.contains("the download") && message.contains("more than " + DEB.length + " bytes"), message);
  }

  @Test
  void namesBothWaysOutWhenTheMirrorNoLongerServesABuild() throws Exception {
    behaviour = (exchange, n) -> send(exchange, 404, new byte[0]);
    String message = failure();
    assertTrue(message.contains("pkg 1.0-1") && message.contains("./catalog lock")
        && message.contains("snapshot"), message);
    assertEquals(1, requests.get(), "a 404 is final, not retried");
  }

  @Test
  void retriesAServerErrorThatHeals() throws Exception {
    behaviour = (exchange, n) -> send(exchange, n < 3 ? 500 : 200, n < 3 ? new byte[0] : DEB);
    assertArrayEquals(DEB, Files.readAllBytes(cache().get(pin(DEB))));
    assertEquals(3, requests.get());
    assertTrue(log.stream().anyMatch(line -> line.contains("retry") && line.contains("HTTP 500")), log.toString());
  }

  @Test
  void givesUpOnAServerThatStalls() throws Exception {
    behaviour = (exchange, n) -> {
      exchange.sendResponseHeaders(200, DEB.length);
      OutputStream body = exchange.getResponseBody();
      body.write(DEB, 0, 10);
      body.flush();
      sleep(3000);
    };
    String message = failure();
    assertTrue(message.contains("giving up") && message.contains("no data for 1 s"), message);
  }

  @Test
  void retriesADownloadCutHalfWay() throws Exception {
    behaviour = (exchange, n) -> {
      if (n == 1) {
        exchange.sendResponseHeaders(200, DEB.length);
        exchange.getResponseBody().write(DEB, 0, DEB.length / 2);
        exchange.close(); // the connection ends before the promised length
      } else {
        send(exchange, 200, DEB);
      }
    };
    assertArrayEquals(DEB, Files.readAllBytes(cache().get(pin(DEB))));
    assertEquals(2, requests.get());
  }

  @Test
  void namesTheSuiteAMirrorLacks() throws Exception {
    behaviour = (exchange, n) -> send(exchange, 404, new byte[0]);
    String mirror = "http://127.0.0.1:" + server.getAddress().getPort() + "/debian";
    Archive archive = new Archive(Mirrors.configure(mirror, null, Map.of(), cacheDir),
        Keyring.read(Path.of("..")), log::add, Duration.ofSeconds(1));
    String message =
        assertThrows(CatalogException.class, () -> archive.index(List.of("nosuch"), "amd64", java.util.Set.of("x"), java.util.Set.of()))
            .getMessage();
    assertTrue(message.contains("suite 'nosuch'") && message.contains("not found"), message);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.scratchjava.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static boolean loopback(String host) {
    return new Registry(host + "/ns", Optional.empty()).isLoopback();
  }

  @Test
  void speaksPlainHttpOnlyToAddressesOnThisMachine() {
    for (String host : List.of("127.0.0.1:5000", "127.1.2.3", "localhost:5000", "[::1]:5000", "localhost")) {
      assertTrue(loopback(host), host);
    }
    for (String host : List.of("127.attacker.example", "127.0.0.1.example.org:5000", "localhost.example",
        "registry.example:5000", "10.0.0.1:5000", "[::2]")) {
      assertFalse(loopback(host), host + " is not this machine");
    }
  }

  /**
   * A registry on loopback that answers every manifest request with {@code manifest} and, for
   * HEAD, with {@code digestHeader} if there is one.
   */
  private static HttpServer registry(byte[] manifest, String digestHeader) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", Registry.OCI_INDEX);
      if (digestHeader != null) {
        exchange.getResponseHeaders().add("Docker-Content-Digest", digestHeader);
      }
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(200, head ? -1 : manifest.length);
      if (!head) {
        exchange.getResponseBody().write(manifest);
      }
      exchange.close();
    });
    server.start();
    return server;
  }

  private static Registry at(HttpServer server) {
    return new Registry("127.0.0.1:" + server.getAddress().getPort() + "/ns", Optional.empty());
  }

  @Test
  void readsTheDigestOfATagFromItsManifestWhenTheRegistrySendsNoDigestHeader() throws IOException {
    byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    HttpServer server = registry(manifest, null);
    try {
      assertEquals(Optional.of(Hashing.digest(manifest)), at(server).digest("java17", "17.0.1-abc-amd64"),
          "a tag that exists, whatever the headers say");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusesAManifestThatDoesNotHashToTheDigestAskedFor() throws IOException {
    byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    HttpServer server = registry(manifest, null);
    try {
      String asked = Hashing.digest("another manifest".getBytes(StandardCharsets.UTF_8));
      String message = assertThrows(CatalogException.class, () -> at(server).manifest("java17", asked)).getMessage();
      assertTrue(message.contains(asked) && message.contains(Hashing.digest(manifest)), message);
      assertEquals(Hashing.digest(manifest), at(server).manifest("java17", Hashing.digest(manifest)).digest());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void readsDockersConfigWhereDockerDoes() {
    assertEquals(Path.of("/etc/docker-client/config.json"),
        Registry.dockerConfig(Map.of("DOCKER_CONFIG", "/etc/docker-client", "HOME", "/home/ci")));
    assertEquals(Path.of("/home/ci/.docker/config.json"), Registry.dockerConfig(Map.of("HOME", "/home/ci")));
  }
}

package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.Resolver;
import dev.scratchjava.debian.TestSigning;
import dev.scratchjava.support.CatalogException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locking against a mirror: one that offers older builds than the lock holds (replayed indices)
 * cannot downgrade it, and an image that cannot be locked does not stop the others.
 */
class LockingTest {
  private final Catalog catalog = Catalog.at(Path.of(".."));
  private final Definition java17 = catalog.definitions("java17").get(0);
  private final Lock lock = catalog.lock(java17);

  /** What the archive would offer: the locked packages of amd64, with {@code change} applied to libc6. */
  private Resolver.Resolution offering(UnaryOperator<String> change) {
    List<LockedPackage> offered = lock.pins(Architecture.AMD64).packages().stream()
        .map(p -> !p.name().equals("libc6") ? p : new LockedPackage(p.name(), change.apply(p.version()),
            p.architecture(), p.source(), p.suite(), p.path(), p.size(), p.sha256()))
        .toList();
    return new Resolver.Resolution(Map.of(java17, Map.of(Architecture.AMD64, offered)), Map.of());
  }

  @Test
  void refusesAnOlderBuildThanTheLockHolds() {
    String locked = lock.pins(Architecture.AMD64).find("libc6").orElseThrow().version();
    String message = assertThrows(CatalogException.class,
        () -> Locking.refuseDowngrades(offering(version -> "2.0-1"), Optional.of(lock))).getMessage();
    assertTrue(message.contains("java17 amd64 libc6: the mirror offers 2.0-1, older than the locked " + locked)
        && message.contains("nothing written"), message);
  }

  @Test
  void acceptsTheSameOrANewerBuildAndAnImageNotLockedYet() {
    assertDoesNotThrow(() -> Locking.refuseDowngrades(offering(version -> version), Optional.of(lock)));
    assertDoesNotThrow(() -> Locking.refuseDowngrades(offering(version -> version + "+1"), Optional.of(lock)));
    assertDoesNotThrow(() -> Locking.refuseDowngrades(offering(version -> "2.0-1"), Optional.empty()));
  }

  @Test
  void locksEveryOtherImageWhenOneCannotBeLocked(@TempDir Path root) throws Exception {
    SmallCatalog small = new SmallCatalog(root);
    Path java11 = Files.createDirectories(root.resolve("java11"));
    Files.writeString(java11.resolve("image.json"), """
        {"description": "test", "java": 11, "release": "test", "architectures": ["amd64"],
         "javaHome": "/usr/lib/jvm/jre", "licenses": "MIT",
         "packages": [{"name": "jre11", "keep": ["usr/lib/jvm/jre/**"]}]}
        """);
    String lockedBefore = Files.readString(root.resolve("java17/image.lock.json"));
    TestSigning.Signer key = TestSigning.newKey();
    TestSigning.trustOnly(root, key, "bookworm");
    Map<String, byte[]> files = TestSigning.signedSuite(key, "bookworm", small.packagesIndex());
    HttpServer mirror = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    mirror.createContext("/debian/", exchange -> {
      try (exchange) {
        byte[] body = files.get(exchange.getRequestURI().getPath().substring("/debian/".length()));
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
        if (body != null) {
          exchange.getResponseBody().write(body);
        }
      }
    });
    mirror.start();
    try {
      String url = "http://127.0.0.1:" + mirror.getAddress().getPort() + "/debian";
      Workspace workspace = new Workspace(root, small.cache(), root.resolve("target"),
          () -> Mirrors.configure(url, null, Map.of(), root), line -> { });
      List<Locking.Outcome> outcomes = new Locking(workspace).lock(Selection.all(), Set.of());

      // java11 first: it fails before java17 is reached.
      assertEquals(List.of("java11", "java17"), outcomes.stream().map(Locking.Outcome::image).toList());
      String failure = outcomes.get(0).failure().orElseThrow().getMessage();
      assertTrue(failure.contains("package 'jre11' is not in suites [bookworm]"), failure);
      assertFalse(Files.exists(java11.resolve("image.lock.json")), "no lock written for java11");

      Locking.Outcome locked = outcomes.get(1);
      assertTrue(locked.failure().isEmpty(), () -> locked.failure().get().getMessage());
      assertTrue(locked.changes().contains("amd64 digest: sha256:" + "0".repeat(64) + " -> "
          + small.catalog().lock(small.catalog().definitions("java17").get(0)).pins(Architecture.AMD64).digest()),
          locked.changes().toString());
      assertNotEquals(lockedBefore, Files.readString(root.resolve("java17/image.lock.json")));
    } finally {
      mirror.stop(0);
    }
  }
}

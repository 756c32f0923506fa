package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.debian.Resolver;
import dev.scratchjava.support.CatalogException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A mirror that offers older builds than the lock holds (replayed indices) cannot downgrade it. */
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
}

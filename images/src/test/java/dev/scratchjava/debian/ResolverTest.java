package dev.scratchjava.debian;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.support.CatalogException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The debug variant's JDK tools come from the runtime's own build, or the variant is not locked. */
class ResolverTest {
  private final Catalog catalog = Catalog.at(Path.of(".."));
  private final Definition debug = catalog.definition("java17", "debug");
  private final List<LockedPackage> locked = catalog.lock(debug).pins(Architecture.AMD64).packages();

  private List<LockedPackage> withJdkAt(String version) {
    return locked.stream()
        .map(p -> !p.name().equals("openjdk-17-jdk-headless") ? p : new LockedPackage(p.name(), version,
            p.architecture(), p.source(), p.suite(), p.path(), p.size(), p.sha256()))
        .toList();
  }

  @Test
  void refusesToolsOfAnotherBuildThanTheRuntime() {
    String message = assertThrows(CatalogException.class,
        () -> Resolver.requireTheRuntimesBuild(debug, Architecture.AMD64, withJdkAt("17.0.99+1-1"))).getMessage();
    assertTrue(message.contains("java17-debug amd64: openjdk-17-jdk-headless 17.0.99+1-1 is not the runtime's build")
        && message.contains("source openjdk-17"), message);
  }

  @Test
  void acceptsTheLockedPackages() {
    assertDoesNotThrow(() -> Resolver.requireTheRuntimesBuild(debug, Architecture.AMD64, locked));
  }
}

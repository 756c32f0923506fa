package dev.scratchjava.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageCacheTest {
  @Test
  void keepsItsCacheWhereTheEnvironmentSays() {
    assertEquals(Path.of("/var/cache/catalog"),
        PackageCache.defaultRoot(Map.of("CATALOG_CACHE", "/var/cache/catalog", "HOME", "/home/ci")));
    assertEquals(Path.of("/home/ci/.cache/scratchjava"), PackageCache.defaultRoot(Map.of("HOME", "/home/ci")));
  }
}

package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests whose image sources may be empty when a run names only some images (one CI job per
 * image) allow zero invocations. When the whole catalog is under test, every such source must
 * name something: else a filter that broke would let its tests pass without running.
 */
class WholeCatalogSourcesIT {

  @Test
  void everyImageSourceNamesSomethingWhenTheWholeCatalogIsUnderTest() {
    assumeTrue(System.getProperty("catalog.images", "").isBlank(), "only some images are under test");
    Map<String, Supplier<Stream<?>>> sources = new LinkedHashMap<>();
    sources.put("ImageUnderTest#runtimes", ImageUnderTest::runtimes);
    sources.put("ImageUnderTest#withJava", ImageUnderTest::withJava);
    sources.put("ImageUnderTest#variants", ImageUnderTest::variants);
    sources.put("DebugVariantIT#attachCases", DebugVariantIT::attachCases);
    sources.put("DebugVariantIT#onThisMachine", DebugVariantIT::onThisMachine);
    sources.put("DebuggingIT#onThisMachine", DebuggingIT::onThisMachine);
    sources.put("JdkVariantIT#jdkVariants", JdkVariantIT::jdkVariants);
    sources.put("NoShellIT#withShells", NoShellIT::withShells);
    sources.put("RegistryIT#imagesWithArm64", RegistryIT::imagesWithArm64);
    sources.put("RegistryIT#imagesWithJava", RegistryIT::imagesWithJava);
    sources.put("SpringBootIT#images", SpringBootIT::images);
    sources.put("TrimmedRecipeIT#recipes", TrimmedRecipeIT::recipes);
    sources.put("TrimmedRuntimeIT#withDefaultCds", TrimmedRuntimeIT::withDefaultCds);
    sources.put("TrimmedRuntimeIT#withCompactHeaders", TrimmedRuntimeIT::withCompactHeaders);
    List<String> empty = sources.entrySet().stream()
        .filter(source -> source.getValue().get().findAny().isEmpty()).map(Map.Entry::getKey).toList();
    assertEquals(List.of(), empty, "sources without images although every image is under test");
  }
}

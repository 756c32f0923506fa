package dev.scratchjava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build module reads top-down: command line, operations, domain, support. A package imports
 * only from its own layer or the ones below (the domain packages in the order they build on each
 * other), never from above.
 */
class LayersTest {
  /** Lowest first. */
  private static final List<String> ORDER =
      List.of("support", "catalog", "debian", "rootfs", "image", "operations", "cli");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?dev\\.scratchjava\\.(\\w+)\\.");

  @Test
  void noPackageImportsFromALayerAboveIt() throws IOException {
    Path sources = Path.of("src/main/java/dev/scratchjava");
    List<String> upward = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String own = sources.relativize(file).getName(0).toString();
        assertTrue(ORDER.contains(own), "package " + own + " has no place in the layers: " + file);
        Matcher imports = IMPORT.matcher(Files.readString(file));
        while (imports.find()) {
          assertTrue(ORDER.contains(imports.group(1)), file + " imports from " + imports.group(1)
              + ", which has no place in the layers");
          if (ORDER.indexOf(imports.group(1)) > ORDER.indexOf(own)) {
            upward.add(sources.relativize(file) + " imports from " + imports.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), upward);
  }
}

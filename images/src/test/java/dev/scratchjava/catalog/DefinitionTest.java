package dev.scratchjava.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionTest {
  private static final String VALID =
      """
      {
        "description": "a test image",
        "java": 17,
        "suites": ["bookworm", "bookworm-security"],
        "architectures": ["amd64", "arm64"],
        "javaHome": "/usr/lib/jvm/java-17-openjdk-{arch}",
        "licenses": "GPL-2.0-only",
        "packages": [
          { "name": "libc6", "keep": ["usr/lib/*/libc.so.6"] },
          { "name": "openjdk-17-jre-headless", "keep": ["usr/lib/jvm/**"], "drop": ["**/man/**"] }
        ]
      }
      """;

  @TempDir Path root;

  private Path image(String json) throws IOException {
    Path folder = Files.createDirectories(root.resolve("java17"));
    Files.writeString(folder.resolve(Definition.FILE), json);
    return folder;
  }

  private String error(String json) throws IOException {
    Path folder = image(json);
    return assertThrows(CatalogException.class, () -> Definition.read(folder)).getMessage();
  }

  @Test
  void readsADefinition() throws IOException {
    Definition definition = Definition.read(image(VALID));
    assertEquals("java17", definition.name());
    assertEquals(17, definition.java());
    assertEquals("/usr/lib/jvm/java-17-openjdk-arm64", definition.javaHome("arm64"));
    assertEquals("openjdk-17-jre-headless", definition.packages().get(1).name());
    assertEquals(java.util.List.of("**/man/**"), definition.packages().get(1).drop());
  }

  @Test
  void namesTheFileAndFieldOfEveryMistake() throws IOException {
    String missing = error(VALID.replace("\"java\": 17,", ""));
    assertTrue(missing.contains("java17/image.json") && missing.contains("missing field 'java'"), missing);

    String unknown = error(VALID.replace("\"java\": 17,", "\"java\": 17, \"jave\": 17,"));
    assertTrue(unknown.contains("unknown field 'jave'"), unknown);

    String wrongType = error(VALID.replace("\"java\": 17", "\"java\": \"17\""));
    assertTrue(wrongType.contains("'java'") && wrongType.contains("whole number"), wrongType);

    String arch = error(VALID.replace("\"arm64\"]", "\"s390x\"]"));
    assertTrue(arch.contains("'architectures'") && arch.contains("s390x"), arch);

    String packageField = error(VALID.replace("\"keep\": [\"usr/lib/jvm/**\"]", "\"kep\": []"));
    assertTrue(packageField.contains("packages[1]") && packageField.contains("'kep'"), packageField);

    String twice = error(VALID.replace("openjdk-17-jre-headless", "libc6"));
    assertTrue(twice.contains("'libc6' listed twice"), twice);
  }

  @Test
  void readsEveryImageOfTheCatalog() {
    Catalog catalog = Catalog.at(Path.of(".."));
    assertTrue(catalog.images().contains("java17"), catalog.images().toString());
    for (String image : catalog.images()) {
      Definition definition = catalog.definition(image);
      Lock lock = catalog.lock(image);
      assertEquals(definition.architectures(), java.util.List.copyOf(lock.architectures().keySet()),
          image + ": the lock pins every architecture of the definition");
    }
  }

  @Test
  void namesTheImageAUserMistyped() {
    String message =
        assertThrows(CatalogException.class, () -> Catalog.at(Path.of("..")).folder("java71"))
            .getMessage();
    assertTrue(message.contains("java71") && message.contains("java17"), message);
  }
}

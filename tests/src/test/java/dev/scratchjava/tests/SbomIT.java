package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.support.Json;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `./catalog sbom` writes valid SPDX 2.3 that agrees with the lock both ways. */
class SbomIT {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Map<String, CatalogRun> RUNS = new ConcurrentHashMap<>();

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#all")
  void describesExactlyTheLockedPackages(ImageUnderTest image) throws Exception {
    // One run per image writes the documents of all its variants and architectures.
    CatalogRun sbom = RUNS.computeIfAbsent(image.name(), name -> CatalogRun.in(ImageUnderTest.catalogRoot(), "sbom", name));
    assertEquals(0, sbom.status(), sbom.printed());
    JsonNode doc = JSON.readTree(ImageUnderTest.catalogRoot()
        .resolve("target/sbom/" + image.definition().id() + "-" + image.arch() + ".spdx.json").toFile());
    Lock.Pins pins = image.lock().pins(image.arch());

    for (String field : new String[] {"spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace"}) {
      assertTrue(doc.hasNonNull(field), "required field " + field);
    }
    assertEquals("SPDX-2.3", doc.get("spdxVersion").asText());
    assertEquals("CC0-1.0", doc.get("dataLicense").asText());
    assertTrue(doc.path("creationInfo").path("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
    assertTrue(doc.path("creationInfo").path("creators").size() > 0);

    Map<String, JsonNode> byId = new TreeMap<>();
    doc.get("packages").forEach(p -> byId.put(p.get("SPDXID").asText(), p));
    JsonNode imagePackage = byId.get("SPDXRef-Image");
    assertEquals(pins.digest(), "sha256:" + imagePackage.path("checksums").get(0).path("checksumValue").asText());

    Set<String> contained = new HashSet<>();
    boolean describes = false;
    for (JsonNode relation : doc.get("relationships")) {
      String from = relation.get("spdxElementId").asText();
      String type = relation.get("relationshipType").asText();
      String to = relation.get("relatedSpdxElement").asText();
      assertTrue(byId.containsKey(to), "relationship to an undeclared element " + to);
      describes |= from.equals("SPDXRef-DOCUMENT") && type.equals("DESCRIBES") && to.equals("SPDXRef-Image");
      if (from.equals("SPDXRef-Image") && type.equals("CONTAINS")) {
        contained.add(to);
      }
    }
    assertTrue(describes, "the document describes the image");

    Map<String, String> inSbom = new TreeMap<>();
    for (String id : contained) {
      JsonNode pkg = byId.get(id);
      String purl = pkg.path("externalRefs").get(0).path("referenceLocator").asText();
      assertTrue(purl.startsWith("pkg:deb/debian/" + pkg.get("name").asText() + "@"), purl);
      assertTrue(purl.contains("arch=") && purl.contains("distro="), purl);
      inSbom.put(pkg.get("name").asText(),
          pkg.get("versionInfo").asText() + " " + pkg.path("checksums").get(0).path("checksumValue").asText());
    }
    Map<String, String> inLock = new TreeMap<>();
    for (LockedPackage pin : pins.packages()) {
      inLock.put(pin.name(), pin.version() + " " + pin.sha256());
    }
    assertEquals(inLock, inSbom, "SBOM and lock name the same packages, versions and .deb hashes");
  }
}

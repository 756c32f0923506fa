package dev.scratchjava.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Architecture;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageIndexTest {
  private static final List<String> BOTH = List.of("bookworm", "bookworm-security");
  private static final String BASE =
      """
      Package: zlib1g
      Source: zlib (1:1.2.13.dfsg-1)
      Version: 1:1.2.13.dfsg-1
      Architecture: amd64
      Description: compression library - runtime
       zlib is a library implementing the deflate compression method found
       in gzip and PKZIP.
      Filename: pool/main/z/zlib/zlib1g_1.2.13.dfsg-1_amd64.deb
      Size: 88056
      SHA256: 1111111111111111111111111111111111111111111111111111111111111111

      Package: openjdk-17-jre-headless
      Source: openjdk-17
      Version: 17.0.19+10-1~deb12u2
      Architecture: amd64
      Filename: pool/main/o/openjdk-17/openjdk-17-jre-headless_17.0.19+10-1~deb12u2_amd64.deb
      Size: 43000000
      SHA256: 2222222222222222222222222222222222222222222222222222222222222222

      Package: unwanted
      Version: 1.0
      """;
  private static final String SECURITY =
      """
      Package: openjdk-17-jre-headless
      Source: openjdk-17
      Version: 17.0.21.1+2-1~deb12u1
      Architecture: amd64
      Filename: pool/updates/main/o/openjdk-17/openjdk-17-jre-headless_17.0.21.1+2-1~deb12u1_amd64.deb
      Size: 43987516
      SHA256: 3333333333333333333333333333333333333333333333333333333333333333
      """;

  @Test
  void takesTheNewestBuildAcrossSuites() {
    PackageIndex index =
        new PackageIndex(Set.of("zlib1g", "openjdk-17-jre-headless"))
            .add("bookworm", new StringReader(BASE))
            .add("bookworm-security", new StringReader(SECURITY));
    IndexEntry jre = index.newest("openjdk-17-jre-headless", BOTH).orElseThrow();
    assertEquals("17.0.21.1+2-1~deb12u1", jre.version());
    assertEquals("bookworm-security", jre.suite());
    assertEquals(43987516, jre.size());
    IndexEntry zlib = index.newest("zlib1g", BOTH).orElseThrow();
    assertEquals("bookworm", zlib.suite());
    assertEquals("zlib", zlib.source(), "source name without its version");
    assertEquals("1:1.2.13.dfsg-1", zlib.version(), "version as the index spells it");
  }

  @Test
  void keepsAnOlderSuiteWhenItHasTheNewerBuild() {
    PackageIndex index =
        new PackageIndex(Set.of("openjdk-17-jre-headless"))
            .add("bookworm-security", new StringReader(SECURITY))
            .add("bookworm", new StringReader(SECURITY.replace("17.0.21.1+2", "17.0.22+1")));
    assertEquals("bookworm", index.newest("openjdk-17-jre-headless", BOTH).orElseThrow().suite());
  }

  @Test
  void ignoresPackagesNobodyAskedFor() {
    PackageIndex index = new PackageIndex(Set.of("zlib1g")).add("bookworm", new StringReader(BASE));
    assertTrue(index.newest("unwanted", BOTH).isEmpty());
    assertTrue(index.newest("openjdk-17-jre-headless", BOTH).isEmpty());
  }

  @Test
  void looksOnlyInTheSuitesAPackageIsTakenFrom() {
    PackageIndex index =
        new PackageIndex(Set.of("openjdk-17-jre-headless"))
            .add("bookworm", new StringReader(BASE))
            .add("bookworm-security", new StringReader(SECURITY));
    assertEquals(
        "17.0.19+10-1~deb12u2",
        index.newest("openjdk-17-jre-headless", List.of("bookworm")).orElseThrow().version());
    assertTrue(index.newest("openjdk-17-jre-headless", List.of("sid")).isEmpty());
  }

  @Test
  void namesTheFieldAnEntryLacks() {
    String broken = SECURITY.replaceAll("SHA256: .*\n", "");
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PackageIndex(Set.of("openjdk-17-jre-headless"))
                    .add("bookworm-security", new StringReader(broken)));
    assertTrue(
        error.getMessage().contains("openjdk-17-jre-headless")
            && error.getMessage().contains("SHA256")
            && error.getMessage().contains("bookworm-security"),
        error.getMessage());
  }

  @Test
  void joinsContinuationLines() {
    var stanzas = Stanzas.readAll(new StringReader(BASE));
    assertEquals(3, stanzas.size());
    assertEquals(
        "compression library - runtime\nzlib is a library implementing the deflate compression"
            + " method found\nin gzip and PKZIP.",
        stanzas.get(0).get("description"),
        "field names are case-insensitive");
  }
}

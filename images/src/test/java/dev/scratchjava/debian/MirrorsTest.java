package dev.scratchjava.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorsTest {
  @TempDir Path system;

  private void write(String path, String text) throws IOException {
    Path file = system.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void readsDeb822SourcesOfTheHostRelease() throws IOException {
    write("etc/os-release", "ID=debian\nVERSION_CODENAME=bookworm\n");
    write(
        "etc/apt/sources.list.d/other.sources",
        "Types: deb\nURIs: http://thirdparty.example/repo\nSuites: nodistro\nComponents: main\n");
    write(
        "etc/apt/sources.list.d/debian.sources",
        """
        Types: deb
        # a comment apt allows
        URIs: http://mirror.example/debian
        Suites: bookworm bookworm-updates
        Components: main

        Types: deb deb-src
        URIs: http://security.example/debian-security
        Suites: bookworm-security
        Components: main
        """);
    Mirrors mirrors = Mirrors.configure(null, null, Map.of(), system);
    assertEquals(URI.create("http://mirror.example/debian/"), mirrors.archiveFor("trixie"));
    assertEquals(
        URI.create("http://security.example/debian-security/"),
        mirrors.archiveFor("trixie-security"));
  }

  @Test
  void passesOverSourcesItCannotFetchFrom() throws IOException {
    // As Debian's cloud images write it.
    write("etc/apt/sources.list.d/cloud.sources",
        "Types: deb\nURIs: mirror+file:///etc/apt/mirrors/debian.list\nSuites: bookworm\nComponents: main\n");
    write("etc/apt/sources.list", "deb cdrom:[Debian]/ bookworm main\ndeb http://mirror.example/debian bookworm main\n");
    assertEquals(URI.create("http://mirror.example/debian/"),
        Mirrors.configure(null, "http://security.example/", Map.of(), system).archiveFor("bookworm"));
  }

  @Test
  void readsNoAptSourcesWhenBothMirrorsAreGiven() throws IOException {
    // A source the catalog refuses to parse: reading the apt sources would fail.
    write("etc/apt/sources.list", "deb http://[broken bookworm main\n");
    Mirrors mirrors = Mirrors.configure("http://mirror.example/debian", "http://security.example/", Map.of(), system);
    assertEquals(URI.create("http://mirror.example/debian/"), mirrors.archiveFor("bookworm"));
    assertThrows(CatalogException.class, () -> Mirrors.configure("http://mirror.example/debian", null, Map.of(), system));
  }

  @Test
  void readsOneLineSourcesList() throws IOException {
    write(
        "etc/apt/sources.list",
        """
        # deb http://commented.example/debian bookworm main
        deb-src http://source.example/debian bookworm main
        deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian bookworm main
        deb http://security.example/debian-security bookworm-security main
        """);
    Mirrors mirrors = Mirrors.configure(null, null, Map.of(), system);
    assertEquals(URI.create("http://mirror.example/debian/"), mirrors.archiveFor("bookworm"));
    assertEquals(
        URI.create("http://security.example/debian-security/"),
        mirrors.archiveFor("bookworm-security"));
  }

  @Test
  void flagsWinOverEnvironmentWhichWinsOverApt() throws IOException {
    write("etc/apt/sources.list", "deb http://apt.example/debian bookworm main\n");
    Map<String, String> env =
        Map.of(Mirrors.MAIN_ENV, "http://env.example/debian", Mirrors.SECURITY_ENV, "https://env.example/sec/");
    Mirrors fromEnv = Mirrors.configure(null, null, env, system);
    assertEquals(URI.create("http://env.example/debian/"), fromEnv.archiveFor("bookworm"));
    assertEquals(URI.create("https://env.example/sec/"), fromEnv.archiveFor("bookworm-security"));
    Mirrors fromFlags = Mirrors.configure("http://flag.example/d", null, env, system);
    assertEquals(URI.create("http://flag.example/d/"), fromFlags.archiveFor("bookworm"));
  }

  @Test
  void namesTheFlagAndVariableWhenNothingIsConfigured() {
    Mirrors mirrors = Mirrors.configure(null, null, Map.of(), system);
    String main = assertThrows(CatalogException.class, () -> mirrors.archiveFor("bookworm")).getMessage();
    assertTrue(main.contains("'bookworm'") && main.contains("--mirror URL") && main.contains("DEBIAN_MIRROR"), main);
    String security =
        assertThrows(CatalogException.class, () -> mirrors.archiveFor("bookworm-security")).getMessage();
    assertTrue(
        security.contains("--security-mirror URL") && security.contains("DEBIAN_SECURITY_MIRROR"), security);
  }

  @Test
  void refusesAMirrorThatIsNotHttp() {
    String error =
        assertThrows(
                CatalogException.class,
                () -> Mirrors.configure("ftp://x.example/debian", null, Map.of(), system))
            .getMessage();
    assertTrue(error.contains("ftp://x.example/debian") && error.contains("http"), error);
  }
}

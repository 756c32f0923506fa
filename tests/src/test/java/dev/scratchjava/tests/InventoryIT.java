package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.model.ContainerConfig;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.Variant;
import dev.scratchjava.debian.Stanzas;
import dev.scratchjava.support.DockerSave;
import dev.scratchjava.support.Glob;
import dev.scratchjava.support.Hashing;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;

/**
 * The file inventory of each image, read from the image itself: the engine exports it
 * (docker save) and the layers are laid over each other here, so nothing the engine adds to a
 * running container is counted, and nothing needs a shell.
 */
class InventoryIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#all";

  /** What a Java runtime image may hold: everything else is a finding. */
  private static final List<Glob> ALLOWED =
      Glob.all(List.of(
          "bin", "lib", "lib64", "usr/bin/java", "etc/java/defaults.flags",
          "etc/passwd", "etc/group", "etc/nsswitch.conf", "etc/os-release", "usr/lib/os-release", "etc/debian_version",
          "etc/ssl/certs/ca-certificates.crt", "etc/ssl/certs/java/cacerts",
          "etc/java-*/**", "usr/lib/jvm/**",
          "usr/lib/*-linux-gnu/lib*.so*", "usr/lib/*-linux-gnu/ld-*", "usr/lib64/ld-linux-*",
          "usr/lib/ld-linux-*", "usr/lib/locale/C.*/**",
          "etc/fonts/**", "usr/share/fontconfig/conf.avail/*", "usr/share/fonts/truetype/dejavu/*.ttf",
          "etc/mime.types",
          "usr/share/doc/*", "usr/share/doc/*/copyright", "var/lib/dpkg/status.d/*"));

  /** Programs that must not be anywhere: shells, package managers, coreutils and friends. */
  private static final Set<String> FORBIDDEN =
      Set.of("sh", "bash", "dash", "ash", "zsh", "busybox", "toybox", "apt", "apt-get", "dpkg",
          "apk", "rpm", "ls", "cat", "cp", "mv", "rm", "chmod", "chown", "su", "sudo", "env",
          "curl", "wget", "ldd", "ldconfig");

  /**
   * The JDK's tools a variant carries besides java and keytool: the debug variant those for looking
   * inside a running JVM, the jdk variant those for building an application and its runtime.
   */
  private static final Map<String, Set<String>> VARIANT_TOOLS = Map.of(
      Variant.DEBUG, Set.of("jcmd", "jstack", "jmap", "jinfo", "jstat", "jfr", "jdb", "jhsdb"),
      Variant.JDK, Set.of("javac", "jar", "jlink", "jdeps", "jmod"));

  /** One path of the image; a file's content is kept for package records, else its hash. */
  private record Entry(
      String path, boolean directory, boolean link, String target, int mode, long uid, long gid,
      byte[] content, String sha256) {}

  private static final Map<ImageUnderTest, Map<String, Entry>> READ = new java.util.concurrent.ConcurrentHashMap<>();

  /** The image's file system, read once per image for the three tests. */
  private static Map<String, Entry> fileSystem(ImageUnderTest image, Path scratch) throws Exception {
    Map<String, Entry> files = READ.get(image);
    if (files == null) {
      files = export(image, scratch);
      READ.put(image, files);
    }
    return files;
  }

  /** The image's file system: its layers in order, later entries replacing earlier ones. */
  private static Map<String, Entry> export(ImageUnderTest image, Path scratch) throws Exception {
    Path file = scratch.resolve(image.definition().id() + "-" + image.arch() + ".tar");
    try (InputStream in = DockerClientFactory.instance().client().saveImageCmd(image.reference()).exec()) {
      Files.copy(in, file);
    }
    Map<String, Entry> files = new TreeMap<>();
    try (DockerSave saved = DockerSave.open(file)) {
      saved.forEachEntry((path, entry, stream) -> {
        byte[] content = entry.isFile() ? stream.readAllBytes() : null;
        boolean record = path.startsWith("var/lib/dpkg/status.d/") || path.endsWith("-release")
            || path.equals("etc/debian_version") || path.equals("etc/passwd") || path.equals("etc/group");
        files.put(path, new Entry(path, entry.isDirectory(), entry.isSymbolicLink(), entry.getLinkName(),
            entry.getMode() & 07777, entry.getLongUserId(), entry.getLongGroupId(),
            record ? content : null, content == null ? null : Hashing.sha256(content)));
      });
    } finally {
      Files.delete(file);
    }
    return files;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void holdsNothingButTheRuntimeAndItsLibraries(ImageUnderTest image, @TempDir Path scratch) throws Exception {
    List<String> findings = new ArrayList<>();
    for (Entry entry : fileSystem(image, scratch).values()) {
      String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
      boolean declaredShell = image.definition().shells().contains("/" + entry.path());
      if (!entry.directory() && FORBIDDEN.contains(name) && !declaredShell) {
        findings.add("forbidden program /" + entry.path());
      }
      if (!entry.directory() && !Glob.anyMatches(ALLOWED, entry.path()) && !declaredShell) {
        findings.add("not on the allow-list: /" + entry.path());
      }
    }
    assertEquals(List.of(), findings);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void holdsNoToolsButJavaAndKeytoolNorFilesOnlyCompilersOrHugeHeapsRead(
      ImageUnderTest image, @TempDir Path scratch) throws Exception {
    List<String> findings = new ArrayList<>();
    for (Entry entry : fileSystem(image, scratch).values()) {
      String path = entry.path();
      String name = path.substring(path.lastIndexOf('/') + 1);
      boolean tool = path.matches("usr/lib/jvm/[^/]+/(jre/)?bin/[^/]+");
      if (tool && !List.of("java", "keytool").contains(name)
          && !VARIANT_TOOLS.getOrDefault(image.definition().variant(), Set.of()).contains(name)) {
        findings.add("tool /" + path);
      }
      // javac --release reads ct.sym: only a build stage needs it.
      boolean jdk = image.definition().variant().equals(Variant.JDK);
      if (path.matches("usr/lib/jvm/.*/(classes_nocoops[^/]*\\.jsa|man/.*)") || !jdk && path.matches("usr/lib/jvm/.*/ct\\.sym")) {
        findings.add("trimmed file /" + path);
      }
    }
    assertEquals(List.of(), findings);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void ownsEverythingByRootWritableOnlyInTmp(ImageUnderTest image, @TempDir Path scratch) throws Exception {
    Map<String, Entry> files = fileSystem(image, scratch);
    List<String> findings = new ArrayList<>();
    for (Entry entry : files.values()) {
      if (entry.link()) {
        continue;
      }
      boolean home = entry.path().equals("home/nonroot");
      if ((entry.mode() & 06000) != 0) {
        findings.add(String.format("setuid or setgid: /%s %o", entry.path(), entry.mode()));
      }
      if ((entry.mode() & 0002) != 0 && !entry.path().equals("tmp")) {
        findings.add(String.format("world-writable: /%s %o", entry.path(), entry.mode()));
      }
      if (!home && (entry.uid() != 0 || entry.gid() != 0)) {
        findings.add("not owned by root: /" + entry.path() + " " + entry.uid() + ":" + entry.gid());
      }
    }
    assertEquals(List.of(), findings);
    Entry tmp = files.get("tmp");
    assertEquals(01777, tmp.mode(), "/tmp mode");
    Entry home = files.get("home/nonroot");
    assertEquals(0775, home.mode(), "/home/nonroot mode: 65532 and group 0 (arbitrary UIDs) write there");
    assertEquals(List.of(65532L, 0L), List.of(home.uid(), home.gid()), "/home/nonroot owner");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void recordsEveryLockedPackageForScannersWithItsCopyright(ImageUnderTest image, @TempDir Path scratch)
      throws Exception {
    Map<String, Entry> files = fileSystem(image, scratch);
    Lock lock = image.lock();
    Set<String> recorded = new TreeSet<>();
    for (Entry entry : files.values()) {
      if (entry.path().startsWith("var/lib/dpkg/status.d/") && entry.content() != null) {
        recorded.add(entry.path().substring("var/lib/dpkg/status.d/".length()));
      }
    }
    Set<String> locked = new TreeSet<>();
    for (LockedPackage pin : lock.pins(image.arch()).packages()) {
      locked.add(pin.name());
      Entry record = files.get("var/lib/dpkg/status.d/" + pin.name());
      if (record == null) {
        fail("no package record for " + pin.name());
      }
      Map<String, String> fields =
          Stanzas.readAll(new StringReader(new String(record.content(), StandardCharsets.UTF_8))).get(0);
      assertEquals(pin.name(), fields.get("Package"));
      assertEquals(pin.version(), fields.get("Version"), pin.name());
      assertEquals(pin.architecture(), fields.get("Architecture"), pin.name());
      // A package's doc folder may be a link to a sibling's (libstdc++6 -> gcc-12-base).
      Entry doc = files.get("usr/share/doc/" + pin.name());
      String folder = doc != null && doc.link() ? "usr/share/doc/" + doc.target() : "usr/share/doc/" + pin.name();
      assertTrue(files.containsKey(folder + "/copyright"), "copyright of " + pin.name() + " in /" + folder);
    }
    assertEquals(locked, recorded, "one record per locked package, no more");
  }

  /**
   * What scanners read to know the distribution, and that it is the one the packages come from:
   * Trivy detects Debian by /etc/debian_version, Grype and Syft by /etc/os-release; all three read
   * the package records.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void tellsScannersWhichDebianReleaseItIs(ImageUnderTest image, @TempDir Path scratch) throws Exception {
    Map<String, Entry> files = fileSystem(image, scratch);
    String osRelease = text(files, "usr/lib/os-release");
    assertTrue(osRelease.contains("\nID=debian\n"), "os-release:\n" + osRelease);
    String versionId = osRelease.lines().filter(line -> line.startsWith("VERSION_ID="))
        .map(line -> line.substring("VERSION_ID=".length()).replace("\"", "")).findFirst()
        .orElseThrow(() -> new AssertionError("os-release has no VERSION_ID:\n" + osRelease));
    String debianVersion = text(files, "etc/debian_version").strip();
    assertTrue(debianVersion.startsWith(versionId + "."), "debian_version " + debianVersion + ", VERSION_ID " + versionId);
    String baseFiles = image.lock().pins(image.arch()).packages().stream()
        .filter(pin -> pin.name().equals("base-files")).findFirst().orElseThrow().version();
    assertTrue(baseFiles.startsWith(versionId + "."), "base-files " + baseFiles + " in the lock, VERSION_ID " + versionId);
  }

  /** The labels users and scanners read: what it is, which build, and until when Debian fixes it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void labelsWhatItIsAndUntilWhenDebianFixesIt(ImageUnderTest image, @TempDir Path scratch) throws Exception {
    Map<String, String> labels = DockerClientFactory.instance().client().inspectImageCmd(image.reference()).exec()
        .getConfig().getLabels();
    assertEquals(image.definition().repository(), labels.get("org.opencontainers.image.title"), "title");
    assertEquals(image.lock().version(), labels.get("org.opencontainers.image.version"), "version");
    if (!image.definition().hasJava()) {
      // A base's version is the Debian point release its files say.
      assertEquals(text(fileSystem(image, scratch), "etc/debian_version").strip(), labels.get("org.opencontainers.image.version"));
    }
    assertEquals(image.definition().securitySupportEnds().toString(),
        labels.get("dev.scratchjava.debian.security-support-ends"), "end of Debian's security support");
  }

  /**
   * The contract as the configuration and the files say it, for images without Java too: the
   * user, its home, the environment, the users and groups; and a base holds no JVM and starts none.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void runsAsNonrootWithTheContractsUsersAndEnvironment(ImageUnderTest image, @TempDir Path scratch) throws Exception {
    ContainerConfig config = DockerClientFactory.instance().client().inspectImageCmd(image.reference()).exec().getConfig();
    assertEquals("65532:65532", config.getUser(), "user");
    assertEquals("/home/nonroot", config.getWorkingDir(), "working directory");
    List<String> env = List.of(config.getEnv());
    for (String variable : List.of("LANG=C.UTF-8", "TZ=UTC", "HOME=/home/nonroot")) {
      assertTrue(env.contains(variable), variable + " in " + env);
    }
    Map<String, Entry> files = fileSystem(image, scratch);
    List<String> passwd = text(files, "etc/passwd").lines().toList();
    assertTrue(passwd.contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin"), passwd.toString());
    assertTrue(passwd.stream().anyMatch(line -> line.startsWith("nobody:x:65534:65534:")), passwd.toString());
    List<String> group = text(files, "etc/group").lines().toList();
    assertTrue(group.containsAll(List.of("nonroot:x:65532:", "nogroup:x:65534:")), group.toString());
    List<String> jvm = files.keySet().stream()
        .filter(path -> path.startsWith("usr/lib/jvm/") || path.equals("usr/bin/java") || path.endsWith("/libjvm.so"))
        .toList();
    if (image.definition().hasJava()) {
      assertEquals(List.of("/usr/bin/java", "-XX:Flags=/etc/java/defaults.flags"), List.of(config.getEntrypoint()),
          "entrypoint");
      assertTrue(env.stream().anyMatch(variable -> variable.startsWith("JAVA_HOME=/usr/lib/jvm/")), env.toString());
    } else {
      assertEquals(null, config.getEntrypoint(), "a base starts nothing of its own");
      assertEquals(List.of(), env.stream().filter(variable -> variable.startsWith("JAVA_")).toList(), "Java variables");
      assertEquals(List.of(), jvm, "a base holds no JVM");
    }
  }

  /** A regular file's text, through a link if the path is one. */
  private static String text(Map<String, Entry> files, String path) throws Exception {
    Entry entry = files.get(path);
    assertTrue(entry != null, "/" + path + " is missing");
    if (entry.link()) {
      return text(files, entry.target().startsWith("/") ? entry.target().substring(1)
          : path.substring(0, path.lastIndexOf('/') + 1) + entry.target());
    }
    return new String(entry.content(), StandardCharsets.UTF_8);
  }

  /**
   * A variant is the default image plus what it adds: every path of the default image is in it,
   * the same kind, mode, owner and bytes. So what the suite proves of the default image's runtime
   * holds for the variant too.
   */
  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#variants")
  void holdsEveryFileOfTheDefaultImageUnchanged(ImageUnderTest variant, @TempDir Path scratch) throws Exception {
    Map<String, Entry> plain = fileSystem(variant.defaultVariant(), scratch);
    Map<String, Entry> files = fileSystem(variant, scratch);
    List<String> changed = new ArrayList<>();
    plain.forEach((path, entry) -> {
      Entry there = files.get(path);
      if (there == null || !same(entry, there)) {
        changed.add("/" + path + (there == null ? ": missing" : ": changed"));
      }
    });
    assertEquals(List.of(), changed);
  }

  private static boolean same(Entry a, Entry b) {
    return a.directory() == b.directory() && a.link() == b.link() && a.mode() == b.mode()
        && a.uid() == b.uid() && a.gid() == b.gid() && Objects.equals(a.target(), b.target())
        && Objects.equals(a.sha256(), b.sha256());
  }
}

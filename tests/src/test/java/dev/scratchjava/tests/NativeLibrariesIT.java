package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.image.Recipe;
import dev.scratchjava.support.DockerSave;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every native library of the runtime resolves inside the image: each DT_NEEDED of each ELF file
 * is found where glibc's loader would look for it in a container of the image. Read from the tar
 * the build wrote, so nothing of the host, and no shell in the image, takes part.
 */
class NativeLibrariesIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#all";

  /** A library the runtime's package needs that the image leaves out on purpose. */
  private record LeftOut(String soname, String neededBy, String why) {}

  private static final List<LeftOut> LEFT_OUT = List.of(
      new LeftOut("libasound.so.2", "libjsound.so", "ALSA sound output (javax.sound): a server plays no sound"),
      new LeftOut("libpcsclite.so.1", "libj2pcsc.so", "smart-card readers (javax.smartcardio): a server has none"));

  /** A path of the image: a link's target, or an ELF file's headers; neither for anything else. */
  private record Node(String link, Elf elf) {}

  /** The image's paths (relative to its root) after all its layers, and its Env. */
  private record Image(Map<String, Node> paths, List<String> env) {}

  /** A library (a DT_NEEDED name or an interpreter's path) that the loader would not find for a file. */
  private record Missing(String file, String library) {
    @Override
    public String toString() {
      return file + " needs " + library;
    }
  }

  private static final Map<ImageUnderTest, Image> READ = new ConcurrentHashMap<>();

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void findsEveryNeededLibraryInsideTheImage(ImageUnderTest image) {
    List<Missing> missing = missing(image);
    System.out.println(image + ": " + elfFiles(image) + " ELF files; not found in the image: " + missing);
    List<String> findings = new ArrayList<>();
    for (Missing one : missing) {
      if (leftOutFor(one).isEmpty()) {
        findings.add(image + ": " + one + ", which is not in the image");
      }
    }
    assertEquals(List.of(), findings);
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#withJava")
  void namesEveryLibraryLeftOutInTheRuntimeNotes(ImageUnderTest image) {
    PackageSpec runtime = image.definition().runtimePackage();
    List<String> findings = new ArrayList<>();
    for (Missing missing : missing(image)) {
      leftOutFor(missing).filter(leftOut -> !runtime.notes().contains(leftOut.soname()))
          .ifPresent(leftOut -> findings.add(image + ": " + missing + " (" + leftOut.why()
              + "), which is left out, but the notes of " + runtime.name() + " do not say so"));
    }
    assertEquals(List.of(), findings);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(IMAGES)
  void holdsOnlyElfFilesForItsArchitecture(ImageUnderTest image) {
    Architecture target = image.arch();
    List<String> findings = new ArrayList<>();
    read(image).paths().forEach((path, node) -> {
      if (node.elf() != null && node.elf().machine() != target.elfMachine()) {
        findings.add(image + ": /" + path + " is for ELF machine " + node.elf().machine() + ", not "
            + target.elfMachine());
      }
    });
    assertEquals(List.of(), findings);
  }

  private static long elfFiles(ImageUnderTest image) {
    return read(image).paths().values().stream().filter(node -> node.elf() != null).count();
  }

  private static Optional<LeftOut> leftOutFor(Missing missing) {
    return LEFT_OUT.stream()
        .filter(leftOut -> leftOut.soname().equals(missing.library()) && missing.file().endsWith("/" + leftOut.neededBy()))
        .findFirst();
  }

  /**
   * Every DT_NEEDED, and every program's interpreter, that the loader would not find. The search
   * follows glibc's order, narrowed to what this image can hold: DT_RPATH (only without
   * DT_RUNPATH), LD_LIBRARY_PATH (none: checked), DT_RUNPATH, /etc/ld.so.cache (none: checked),
   * then Debian's default folders. glibc also searches the DT_RPATH of the objects that loaded
   * this one; which those are is only known at run time, and leaving them out can only report a
   * library missing that is there, never the reverse.
   */
  private static List<Missing> missing(ImageUnderTest image) {
    Image read = read(image);
    Architecture target = image.arch();
    assertTrue(read.env().stream().noneMatch(variable -> variable.startsWith("LD_LIBRARY_PATH=")),
        image + " sets LD_LIBRARY_PATH, which this test does not model: " + read.env());
    assertFalse(read.paths().containsKey("etc/ld.so.cache"), image + " has /etc/ld.so.cache, which this test does not model");
    List<String> defaults = List.of(
        "/lib/" + target.triplet(), "/usr/lib/" + target.triplet(), "/lib", "/usr/lib");
    // The launcher loads the JVM by its path before anything else, and glibc takes an object already
    // loaded for any DT_NEEDED of its DT_SONAME without searching: that is how the runtime's
    // libraries, which need libjvm.so but never say where it is, find it. Only the JVM is loaded so.
    Optional<String> jvm = image.definition().hasJava() ? jvm(image, read).soname() : Optional.empty();
    List<Missing> missing = new ArrayList<>();
    read.paths().forEach((path, node) -> {
      if (node.elf() == null) {
        return;
      }
      Elf elf = node.elf();
      // The file's own folder: the JDK loads its libraries, and the kernel reports a program, by
      // the path of the file itself.
      String origin = Path.of("/" + path).getParent().toString();
      elf.interpreter().filter(interpreter -> !isLibrary(read, target, interpreter))
          .ifPresent(interpreter -> missing.add(new Missing("/" + path, interpreter)));
      List<String> folders = new ArrayList<>();
      if (elf.runpath().isEmpty()) {
        folders.addAll(searchPath(path, elf.rpath(), origin));
      }
      folders.addAll(searchPath(path, elf.runpath(), origin));
      folders.addAll(defaults);
      for (String soname : elf.needed()) {
        boolean loaded = jvm.filter(soname::equals).isPresent();
        if (!loaded && folders.stream().noneMatch(folder -> isLibrary(read, target, folder + "/" + soname))) {
          missing.add(new Missing("/" + path, soname));
        }
      }
    });
    return missing;
  }

  /** The JVM the launcher loads: lib/server/libjvm.so, before Java 9 lib/ARCH/server/libjvm.so. */
  private static Elf jvm(ImageUnderTest image, Image read) {
    String javaHome = read.env().stream().filter(variable -> variable.startsWith("JAVA_HOME="))
        .map(variable -> variable.substring("JAVA_HOME=".length())).findFirst()
        .orElseThrow(() -> new AssertionError(image + " sets no JAVA_HOME: " + read.env()));
    return Stream.of(javaHome + "/lib/server/libjvm.so", javaHome + "/lib/" + image.javaArch() + "/server/libjvm.so")
        .map(path -> realPath(read, path)).map(path -> read.paths().get(path))
        .filter(node -> node != null && node.elf() != null).map(Node::elf).findFirst()
        .orElseThrow(() -> new AssertionError(image + ": no JVM under " + javaHome));
  }

  /** The folders of a DT_RPATH or DT_RUNPATH, with $ORIGIN as the loader expands it. */
  private static List<String> searchPath(String file, Optional<String> value, String origin) {
    List<String> folders = new ArrayList<>();
    for (String folder : value.map(p -> p.split(":", -1)).orElse(new String[0])) {
      String expanded = folder.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
      if (!expanded.startsWith("/") || expanded.contains("$")) {
        throw new AssertionError("/" + file + ": search path entry '" + folder + "' is neither absolute nor "
            + "$ORIGIN-relative, which this test does not model");
      }
      folders.add(expanded);
    }
    return folders;
  }

  /** Whether a path leads, through the image's links, to an ELF file for the target's machine. */
  private static boolean isLibrary(Image read, Architecture target, String path) {
    Node node = read.paths().get(realPath(read, path));
    return node != null && node.elf() != null && node.elf().machine() == target.elfMachine();
  }

  /**
   * The path with every link on it followed inside the image, as the kernel does for a process
   * whose root is the image: an absolute target starts again at the image's root.
   */
  private static String realPath(Image read, String path) {
    Deque<String> left = new ArrayDeque<>(List.of(path.split("/")));
    Deque<String> done = new ArrayDeque<>();
    int links = 0;
    while (!left.isEmpty()) {
      String part = left.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        done.pollLast();
        continue;
      }
      done.addLast(part);
      Node node = read.paths().get(String.join("/", done));
      if (node != null && node.link() != null) {
        // The kernel gives up after 40 links (ELOOP); so does this.
        if (++links > 40) {
          return "";
        }
        done.removeLast();
        if (node.link().startsWith("/")) {
          done.clear();
        }
        List<String> target = List.of(node.link().split("/"));
        for (int i = target.size() - 1; i >= 0; i--) {
          left.addFirst(target.get(i));
        }
      }
    }
    return String.join("/", done);
  }

  /** The image as the build left it, its layers laid over each other: read once per image. */
  private static Image read(ImageUnderTest image) {
    return READ.computeIfAbsent(image, NativeLibrariesIT::readTar);
  }

  private static Image readTar(ImageUnderTest image) {
    Path tar = ImageBuilder.tarOf(ImageUnderTest.catalogRoot().resolve("target"),
        Recipe.locked(ImageUnderTest.catalog(), image.definition(), image.arch()));
    assertTrue(Files.exists(tar), tar + " is missing: the suite's catalog build writes it");
    Map<String, Node> paths = new TreeMap<>();
    try (DockerSave saved = DockerSave.open(tar)) {
      saved.forEachEntry((path, entry, content) -> paths.put(path, entry.isSymbolicLink()
          ? new Node(entry.getLinkName(), null)
          : new Node(null, elf(image, path, entry, content))));
      List<String> env = new ArrayList<>();
      saved.config().path("config").path("Env").forEach(variable -> env.add(variable.asText()));
      return new Image(Collections.unmodifiableMap(paths), List.copyOf(env));
    } catch (IOException e) {
      throw new UncheckedIOException(tar.toString(), e);
    }
  }

  /** The headers of a regular file that is an ELF file, else null. */
  private static Elf elf(ImageUnderTest image, String path, TarArchiveEntry entry, InputStream content)
      throws IOException {
    byte[] file = entry.isFile() ? content.readAllBytes() : new byte[0];
    if (!Elf.isElf(file)) {
      return null;
    }
    try {
      return Elf.parse(file);
    } catch (IllegalArgumentException e) {
      throw new AssertionError(image + ": /" + path + ": " + e.getMessage(), e);
    }
  }
}

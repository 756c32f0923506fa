package dev.scratchjava.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The test programs (test resources under programs/), compiled for an image's Java level, so that
 * a Java 8 image is tested with Java 8 class files.
 */
final class Programs {
  private static final Map<Integer, Path> COMPILED = new ConcurrentHashMap<>();
  private static final Map<Path, Path> JARS = new ConcurrentHashMap<>();
  private static final List<String> SOURCES = List.of("Probe.java", "App.java", "TlsServer.java", "Debuggee.java", "TrimmedApp.java");

  private Programs() {}

  /** A folder of class files for the image's Java level (capped at the test JDK's own). */
  static Path classes(int java) {
    int release = Math.min(java, Runtime.version().feature());
    return COMPILED.computeIfAbsent(release, Programs::compile);
  }

  /** The HTTP app as an executable jar, beside the classes. */
  static Path appJar(int java) {
    return jar(java, "App");
  }

  /** The classes of one program as an executable jar, beside the classes. */
  static Path jar(int java, String main) {
    Path classes = classes(java);
    // Written once per run, after the classes were compiled afresh.
    return JARS.computeIfAbsent(classes.resolveSibling(classes.getFileName() + "-" + main + ".jar"),
        jar -> writeJar(classes, main, jar));
  }

  private static Path writeJar(Path classes, String main, Path jar) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.list(classes)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals(main + ".class")
          || f.getFileName().toString().startsWith(main + "$")).toList()) {
        out.putNextEntry(new JarEntry(file.getFileName().toString()));
        Files.copy(file, out);
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jar;
  }

  /** A program's source file, for builds that compile it themselves. */
  static Path source(String name) {
    try {
      Path source = Files.createDirectories(Path.of("target", "programs", "src")).resolve(name);
      try (InputStream in = Programs.class.getResourceAsStream("/programs/" + name);
          OutputStream out = Files.newOutputStream(source)) {
        in.transferTo(out);
      }
      return source.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path compile(int release) {
    try {
      // Under target/ rather than a temporary folder: those are private (0700), and the
      // non-root user in the container must read what is copied in.
      Path classes = Path.of("target", "programs", "java-" + release);
      if (Files.exists(classes)) {
        try (Stream<Path> old = Files.walk(classes)) {
          old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      Files.createDirectories(classes);
      List<String> arguments = new ArrayList<>(List.of(
          "--release", String.valueOf(release), "-g", "-nowarn", "-Xlint:-options", "-d", classes.toString()));
      SOURCES.forEach(name -> arguments.add(source(name).toString()));
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int status = javac.run(null, null, null, arguments.toArray(String[]::new));
      if (status != 0) {
        throw new IllegalStateException("test programs do not compile for Java " + release);
      }
      return classes.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.scratchjava.image;

import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.Hashing;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a built tar is, written beside it ({@code <tar>.build}): the hash of everything that went
 * into it (definition, pins, revision, the builder's own code and runtime), its digests, Java
 * version and size. The tar does not say its own manifest digest; this record does, and lets an
 * unchanged build keep the tar instead of making it again.
 */
record BuildRecord(String inputs, String digest, String imageId, String version, long bytes) {

  /** The hash of everything a build reads besides the packages the pins name by hash. */
  static String inputs(Recipe recipe) {
    String text = String.join("\n", Builder.FINGERPRINT, recipe.toString());
    return Hashing.sha256(text);
  }

  static Optional<BuildRecord> read(Path tar) {
    Path file = fileOf(tar);
    if (!Files.exists(tar) || !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int space = line.indexOf(' ');
        if (space > 0) {
          fields.put(line.substring(0, space), line.substring(space + 1));
        }
      }
      return Optional.of(new BuildRecord(fields.get("inputs"), fields.get("digest"),
          fields.get("imageId"), fields.get("version"), Long.parseLong(fields.get("bytes"))));
    } catch (IOException | RuntimeException e) {
      // An unreadable record only means the tar is built again.
      return Optional.empty();
    }
  }

  void write(Path tar) {
    String text = "inputs " + inputs + "\ndigest " + digest + "\nimageId " + imageId
        + "\nversion " + version + "\nbytes " + bytes + "\n";
    AtomicFiles.write(fileOf(tar), temp -> Files.writeString(temp, text));
  }

  BuiltImage built(Recipe recipe, Path tar) {
    return new BuiltImage(recipe, digest, imageId, version, bytes, tar);
  }

  private static Path fileOf(Path tar) {
    return tar.resolveSibling(tar.getFileName() + ".build");
  }

  /** The builder's code (its jar, or its classes folder), its libraries and its Java runtime. */
  private static final class Builder {
    static final String FINGERPRINT = fingerprint();

    private static String fingerprint() {
      StringBuilder parts = new StringBuilder();
      try {
        Path code = Path.of(BuildRecord.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.isDirectory(code) ? Files.walk(code) : Stream.of(code)) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            parts.append(code.relativize(file)).append(' ').append(Hashing.sha256(file)).append('\n');
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        parts.append(Path.of(entry).getFileName()).append('\n');
      }
      parts.append(Runtime.version());
      return Hashing.sha256(parts.toString());
    }
  }
}

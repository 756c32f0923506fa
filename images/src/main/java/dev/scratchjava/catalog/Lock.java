package dev.scratchjava.catalog;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The exact inputs of an image per architecture, and the digest they build into. Written by
 * {@code catalog lock}; the build reads nothing else.
 *
 * @param architectures per Debian architecture name, what is pinned for it
 */
public record Lock(Map<String, Lock.Pins> architectures) {
  public static final String FILE = "image.lock.json";
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9._]*");

  /**
   * What one architecture's image is made of, and what it builds into.
   *
   * @param digest the manifest digest this architecture's image builds into
   * @param javaVersion the runtime's full version, as the image's JAVA_VERSION says it
   * @param packages the pinned packages, sorted by name
   */
  public record Pins(String digest, String javaVersion, List<LockedPackage> packages) {
    public Pins {
      if (!DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException("digest must be sha256:<64 hex digits>");
      }
      if (!VERSION.matcher(javaVersion).matches()) {
        throw new IllegalArgumentException("javaVersion '" + javaVersion + "' is not a tag-safe version");
      }
      packages =
          packages.stream().sorted(Comparator.comparing(LockedPackage::name)).toList();
    }

    public Optional<LockedPackage> find(String name) {
      return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }
  }

  public Lock {
    architectures = new TreeMap<>(architectures);
  }

  /** Reads {@code folder/image.lock.json}, or empty when the image has not been locked yet. */
  public static Optional<Lock> readIfPresent(Path folder) {
    return Files.exists(folder.resolve(FILE)) ? Optional.of(read(folder)) : Optional.empty();
  }

  public static Lock read(Path folder) {
    JsonFields json = JsonFields.read(folder.resolve(FILE));
    JsonFields archs = json.object("architectures");
    Map<String, Pins> pins = new TreeMap<>();
    for (String arch : archs.fieldNames()) {
      if (!Architecture.isSupported(arch)) {
        throw new CatalogException(archs.where() + ": unsupported architecture '" + arch + "'");
      }
      archs.markRead(arch);
      JsonFields one = archs.object(arch);
      try {
        pins.put(
            arch,
            new Pins(
                one.string("digest"),
                one.string("javaVersion"),
                one.objects("packages", LockedPackage::read)));
      } catch (IllegalArgumentException e) {
        throw new CatalogException(one.where() + ": " + e.getMessage());
      }
      one.finish();
    }
    archs.finish();
    json.finish();
    return new Lock(pins);
  }

  /** The runtime's full version, which must be the same on every architecture to name a tag. */
  public String javaVersion() {
    List<String> versions =
        architectures.values().stream().map(Pins::javaVersion).distinct().toList();
    if (versions.size() != 1) {
      throw new CatalogException(FILE + ": the architectures hold different runtime versions "
          + versions + ": run ./catalog lock when the mirror has caught up");
    }
    return versions.get(0);
  }

  public Pins pins(String arch) {
    Pins pins = architectures.get(arch);
    if (pins == null) {
      throw new CatalogException(FILE + " has no entry for architecture '" + arch
          + "': run ./catalog lock");
    }
    return pins;
  }

  /** The pinned packages per architecture. */
  public Map<String, List<LockedPackage>> packages() {
    Map<String, List<LockedPackage>> packages = new TreeMap<>();
    architectures.forEach((arch, pins) -> packages.put(arch, pins.packages()));
    return packages;
  }

  public String revision() {
    return revision(packages());
  }

  /**
   * A short name for exactly this set of pinned packages: the same packages give the same
   * revision on any machine at any time, so it can name an immutable tag.
   */
  public static String revision(Map<String, List<LockedPackage>> packages) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(packages)
        .forEach(
            (arch, pins) ->
                pins.stream()
                    .sorted(Comparator.comparing(LockedPackage::name))
                    .forEach(p -> text.append(arch).append(' ').append(p.sha256()).append('\n')));
    return shortHash(text.toString());
  }

  /**
   * A short name for exactly the images this lock builds: it changes when any architecture's
   * digest does, so it can name a tag that never moves.
   */
  public String buildRevision() {
    StringBuilder text = new StringBuilder();
    architectures.forEach((arch, pins) -> text.append(arch).append(' ').append(pins.digest()).append('\n'));
    return shortHash(text.toString());
  }

  private static String shortHash(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What changed from {@code before} (which may be absent) to this lock, one line per change:
   * {@code arch package: old -> new}, and digests that moved.
   */
  public List<String> changesSince(Optional<Lock> before) {
    List<String> lines = new ArrayList<>();
    architectures.forEach(
        (arch, pins) -> {
          Optional<Pins> old = before.map(lock -> lock.architectures().get(arch));
          for (LockedPackage now : pins.packages()) {
            String was = old.flatMap(o -> o.find(now.name())).map(LockedPackage::version).orElse("(new)");
            if (!was.equals(now.version())) {
              lines.add(arch + " " + now.name() + ": " + was + " -> " + now.version());
            }
          }
          old.ifPresent(
              o ->
                  o.packages().stream()
                      .filter(p -> pins.find(p.name()).isEmpty())
                      .forEach(p -> lines.add(arch + " " + p.name() + ": " + p.version() + " -> (removed)")));
          String oldDigest = old.map(Pins::digest).orElse("(none)");
          if (!oldDigest.equals(pins.digest())) {
            lines.add(arch + " digest: " + oldDigest + " -> " + pins.digest());
          }
        });
    return lines;
  }

  /** Writes the lock sorted and pretty-printed, to a temporary name first. */
  public void write(Path folder) {
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    ObjectNode archs = root.putObject("architectures");
    architectures.forEach(
        (arch, pins) -> {
          ObjectNode one = archs.putObject(arch);
          one.put("digest", pins.digest());
          one.put("javaVersion", pins.javaVersion());
          ArrayNode packages = one.putArray("packages");
          for (LockedPackage p : pins.packages()) {
            ObjectNode node = packages.addObject();
            node.put("name", p.name());
            node.put("version", p.version());
            node.put("architecture", p.architecture());
            node.put("source", p.source());
            node.put("suite", p.suite());
            node.put("path", p.path());
            node.put("size", p.size());
            node.put("sha256", p.sha256());
          }
        });
    AtomicFiles.write(
        folder.resolve(FILE),
        temp ->
            Files.writeString(
                temp,
                JsonFields.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
                    + "\n"));
  }
}

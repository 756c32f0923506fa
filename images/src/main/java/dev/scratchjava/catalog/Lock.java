package dev.scratchjava.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The exact inputs of an image per architecture, and the digest they build into; the same for
 * each variant. Written by {@code catalog lock}; the build reads nothing else.
 *
 * @param architectures per architecture, what is pinned for it
 * @param variants per variant, its own lock (which has no variants)
 * @param expiredIndices the suites whose Release was past its Valid-Until when this lock was made
 *     (allowed by {@code --allow-expired-index}, for snapshot mirrors), and that Valid-Until: a
 *     reviewer sees it in the lock's diff
 */
@JsonPropertyOrder({"expiredIndices", "architectures", "variants"})
public record Lock(
    Map<Architecture, Lock.Pins> architectures,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Lock> variants,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> expiredIndices) {
  public static final String FILE = "image.lock.json";
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9._]*");

  /**
   * What one architecture's image is made of, and what it builds into.
   *
   * @param digest the manifest digest this architecture's image builds into
   * @param version the image's full version: its runtime's (JAVA_VERSION), or a base's Debian point release
   * @param cdsArchive the JDK's class-data archive the lock dumped for it, {@code null} if the image
   *     has none (see {@link CdsArchive})
   * @param packages the pinned packages, sorted by name
   */
  @JsonPropertyOrder({"digest", "version", "cdsArchive", "packages"})
  public record Pins(
      String digest,
      String version,
      @JsonInclude(JsonInclude.Include.NON_NULL) CdsArchive cdsArchive,
      List<LockedPackage> packages) {
    public Pins {
      if (digest == null || !DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException("field 'digest' must be sha256:<64 hex digits>");
      }
      if (version == null || !VERSION.matcher(version).matches()) {
        throw new IllegalArgumentException("field 'version' must be a tag-safe version, not '" + version + "'");
      }
      packages = Json.required(packages, "packages").stream()
          .sorted(Comparator.comparing(LockedPackage::name)).toList();
    }

    public Optional<CdsArchive> archive() {
      return Optional.ofNullable(cdsArchive);
    }

    public Optional<LockedPackage> find(String name) {
      return packages.stream().filter(p -> p.name().equals(name)).findFirst();
    }
  }

  public Lock {
    architectures = Collections.unmodifiableSortedMap(new TreeMap<>(Json.required(architectures, "architectures")));
    variants = variants == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(variants));
    expiredIndices = expiredIndices == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(expiredIndices));
    expiredIndices.forEach((suite, validUntil) -> {
      try {
        Instant.parse(validUntil);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expiredIndices." + suite + ": '" + validUntil + "' is not a time like 2026-11-06T08:08:01Z");
      }
    });
    for (Map.Entry<String, Lock> variant : variants.entrySet()) {
      if (!variant.getValue().variants().isEmpty() || !variant.getValue().expiredIndices().isEmpty()) {
        throw new IllegalArgumentException("variant '" + variant.getKey() + "' has variants or expired indices of its own");
      }
    }
  }

  public Lock(Map<Architecture, Pins> architectures, Map<String, Lock> variants) {
    this(architectures, variants, Map.of());
  }

  public Lock(Map<Architecture, Pins> architectures) {
    this(architectures, Map.of());
  }

  /** Reads {@code folder/image.lock.json}, or empty when the image has not been locked yet. */
  public static Optional<Lock> readIfPresent(Path folder) {
    return Files.exists(folder.resolve(FILE)) ? Optional.of(read(folder)) : Optional.empty();
  }

  public static Lock read(Path folder) {
    return Json.read(folder.resolve(FILE), Lock.class);
  }

  /** Writes the lock sorted and pretty-printed, whole or not at all. */
  public void write(Path folder) {
    Json.write(folder.resolve(FILE), this);
  }

  /** The lock of one variant ({@code ""}: the default image's). */
  public Lock of(String variant) {
    if (variant.equals(Variant.DEFAULT)) {
      return variants.isEmpty() ? this : new Lock(architectures);
    }
    Lock lock = variants.get(variant);
    if (lock == null) {
      throw new CatalogException(FILE + " has no entry for variant '" + variant + "': run ./catalog lock");
    }
    return lock;
  }

  /** The image's full version, which must be the same on every architecture to name a tag. */
  public String version() {
    List<String> versions =
        architectures.values().stream().map(Pins::version).distinct().toList();
    if (versions.size() != 1) {
      throw new CatalogException(FILE + ": the architectures hold different versions "
          + versions + ": run ./catalog lock when the mirror has caught up");
    }
    return versions.get(0);
  }

  public Pins pins(Architecture arch) {
    Pins pins = architectures.get(arch);
    if (pins == null) {
      throw new CatalogException(FILE + " has no entry for architecture '" + arch
          + "': run ./catalog lock");
    }
    return pins;
  }

  public String revision() {
    Map<Architecture, List<LockedPackage>> packages = new TreeMap<>();
    architectures.forEach((arch, pins) -> packages.put(arch, pins.packages()));
    return revision(packages);
  }

  /**
   * A short name for exactly this set of pinned packages: the same packages give the same
   * revision on any machine at any time, so it can name an immutable tag.
   */
  public static String revision(Map<Architecture, List<LockedPackage>> packages) {
    StringBuilder text = new StringBuilder();
    packages.entrySet().stream()
        .sorted(Comparator.comparing(entry -> entry.getKey().debian()))
        .forEach(entry -> entry.getValue().stream()
            .sorted(Comparator.comparing(LockedPackage::name))
            .forEach(p -> text.append(entry.getKey().debian()).append(' ').append(p.sha256()).append('\n')));
    return Hashing.shortSha256(text.toString());
  }

  /**
   * A short name for exactly the images this lock builds: it changes when any architecture's
   * digest does, so it can name a tag that never moves.
   */
  public String buildRevision() {
    StringBuilder text = new StringBuilder();
    architectures.entrySet().stream()
        .sorted(Comparator.comparing(entry -> entry.getKey().debian()))
        .forEach(entry -> text.append(entry.getKey().debian()).append(' ')
            .append(entry.getValue().digest()).append('\n'));
    return Hashing.shortSha256(text.toString());
  }

  /**
   * What changed from {@code before} (which may be absent) to this lock, one line per change:
   * {@code arch package: old -> new}, and digests that moved; a variant's lines start with its name.
   */
  public List<String> changesSince(Optional<Lock> before) {
    List<String> lines = new ArrayList<>();
    architectures.forEach((arch, pins) -> {
      Optional<Pins> old = before.map(lock -> lock.architectures().get(arch));
      for (LockedPackage now : pins.packages()) {
        String was = old.flatMap(o -> o.find(now.name())).map(LockedPackage::version).orElse("(new)");
        if (!was.equals(now.version())) {
          lines.add(arch + " " + now.name() + ": " + was + " -> " + now.version());
        }
      }
      old.ifPresent(o -> o.packages().stream()
          .filter(p -> pins.find(p.name()).isEmpty())
          .forEach(p -> lines.add(arch + " " + p.name() + ": " + p.version() + " -> (removed)")));
      String oldArchive = old.flatMap(Pins::archive).map(CdsArchive::sha256).orElse("(none)");
      String newArchive = pins.archive().map(CdsArchive::sha256).orElse("(none)");
      if (!oldArchive.equals(newArchive)) {
        lines.add(arch + " CDS archive: " + oldArchive + " -> " + newArchive);
      }
      String oldDigest = old.map(Pins::digest).orElse("(none)");
      if (!oldDigest.equals(pins.digest())) {
        lines.add(arch + " digest: " + oldDigest + " -> " + pins.digest());
      }
    });
    before.ifPresent(old -> old.architectures().keySet().stream()
        .filter(arch -> !architectures.containsKey(arch))
        .forEach(arch -> lines.add(arch + ": (removed)")));
    variants.forEach((name, lock) -> lock
        .changesSince(before.map(Lock::variants).map(old -> old.get(name)))
        .forEach(line -> lines.add(name + " " + line)));
    before.ifPresent(old -> old.variants().keySet().stream()
        .filter(name -> !variants.containsKey(name))
        .forEach(name -> lines.add(name + ": (removed)")));
    Map<String, String> expiredBefore = before.map(Lock::expiredIndices).orElse(Map.of());
    if (!expiredBefore.equals(expiredIndices)) {
      lines.add("indices read past their Valid-Until: " + expiredBefore + " -> " + expiredIndices);
    }
    return lines;
  }
}

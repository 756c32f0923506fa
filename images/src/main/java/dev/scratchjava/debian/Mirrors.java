package dev.scratchjava.debian;

import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Debian's main archive and its security archive are. Never written into the repository:
 * each comes from a flag, else an environment variable, else the host's apt sources.
 *
 * @param main the main archive's root (the folder that holds {@code dists/} and {@code pool/})
 * @param security the security archive's root
 */
public record Mirrors(Optional<URI> main, Optional<URI> security) {
  public static final String MAIN_FLAG = "--mirror";
  public static final String SECURITY_FLAG = "--security-mirror";
  public static final String MAIN_ENV = "DEBIAN_MIRROR";
  public static final String SECURITY_ENV = "DEBIAN_SECURITY_MIRROR";

  /** One apt source entry: its archive roots and suites. */
  record AptSource(List<URI> uris, List<String> suites) {}

  /**
   * Takes each archive from its flag (may be null), else its environment variable, else the apt
   * sources below {@code systemRoot} ({@code /} on a real host).
   */
  public static Mirrors configure(
      String mainFlag, String securityFlag, Map<String, String> env, Path systemRoot) {
    Optional<URI> main = first(mainFlag, env.get(MAIN_ENV));
    Optional<URI> security = first(securityFlag, env.get(SECURITY_ENV));
    if (main.isPresent() && security.isPresent()) {
      // Both given: the host's apt sources are none of the catalog's business.
      return new Mirrors(main, security);
    }
    List<AptSource> apt = aptSources(systemRoot);
    String codename = codename(systemRoot);
    return new Mirrors(
        main.or(() -> fromApt(apt, suite -> suite.equals(codename)))
            .or(() -> fromApt(apt, suite -> !suite.endsWith("-security"))),
        security.or(() -> fromApt(apt, suite -> suite.endsWith("-security"))));
  }

  /** The archive root that serves {@code suite}: security suites come from the security archive. */
  public URI archiveFor(String suite) {
    boolean isSecurity = suite.endsWith("-security");
    return (isSecurity ? security : main)
        .orElseThrow(
            () ->
                new CatalogException(
                    "no Debian " + (isSecurity ? "security " : "") + "mirror for suite '" + suite
                        + "': pass " + (isSecurity ? SECURITY_FLAG : MAIN_FLAG) + " URL or set "
                        + (isSecurity ? SECURITY_ENV : MAIN_ENV)
                        + " (none found in the host's apt sources)"));
  }

  private static Optional<URI> first(String flag, String env) {
    return Stream.of(flag, env)
        .filter(value -> value != null && !value.isBlank())
        .findFirst()
        .map(Mirrors::root);
  }

  private static URI root(String text) {
    URI uri;
    try {
      uri = URI.create(text.endsWith("/") ? text : text + "/");
    } catch (IllegalArgumentException e) {
      throw new CatalogException("mirror '" + text + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new CatalogException("mirror '" + text + "' must be an http:// or https:// URL");
    }
    return uri;
  }

  /**
   * An apt source's archive root, if the catalog can fetch from it: apt also knows
   * {@code mirror+file:}, {@code file:}, {@code cdrom:} and {@code tor+http:} sources, which are
   * passed over, not an error.
   */
  private static Stream<URI> aptRoot(String text) {
    return text.startsWith("http://") || text.startsWith("https://") ? Stream.of(root(text)) : Stream.empty();
  }

  private static Optional<URI> fromApt(
      List<AptSource> sources, java.util.function.Predicate<String> suiteMatches) {
    return sources.stream()
        .filter(source -> source.suites().stream().anyMatch(suiteMatches))
        .flatMap(source -> source.uris().stream())
        .findFirst();
  }

  /** The host's apt sources: one-line {@code .list} files and deb822 {@code .sources} files. */
  static List<AptSource> aptSources(Path systemRoot) {
    Path etcApt = systemRoot.resolve("etc/apt");
    List<Path> files = new ArrayList<>();
    files.add(etcApt.resolve("sources.list"));
    Path parts = etcApt.resolve("sources.list.d");
    if (Files.isDirectory(parts)) {
      try (Stream<Path> listing = Files.list(parts)) {
        listing.sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<AptSource> sources = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        String text = Files.readString(file);
        if (name.endsWith(".sources")) {
          sources.addAll(deb822Sources(text));
        } else if (name.endsWith(".list")) {
          sources.addAll(oneLineSources(text));
        }
      } catch (IOException | RuntimeException e) {
        throw new CatalogException(file + ": cannot read apt sources: " + e.getMessage());
      }
    }
    return sources;
  }

  static List<AptSource> deb822Sources(String text) {
    List<AptSource> sources = new ArrayList<>();
    for (Map<String, String> entry : Stanzas.readAll(new StringReader(text))) {
      boolean binary = words(entry.get("Types")).contains("deb");
      boolean enabled = !"no".equalsIgnoreCase(entry.getOrDefault("Enabled", "yes"));
      if (binary && enabled) {
        sources.add(
            new AptSource(
                words(entry.get("URIs")).stream().flatMap(Mirrors::aptRoot).toList(),
                words(entry.get("Suites"))));
      }
    }
    return sources;
  }

  static List<AptSource> oneLineSources(String text) {
    List<AptSource> sources = new ArrayList<>();
    for (String line : text.split("\n")) {
      String stripped = line.replaceAll("#.*", "").replaceAll("\\[[^]]*]", " ").strip();
      List<String> words = words(stripped);
      if (words.size() >= 3 && words.get(0).equals("deb")) {
        sources.add(new AptSource(aptRoot(words.get(1)).toList(), List.of(words.get(2))));
      }
    }
    return sources;
  }

  private static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split("\\s+"));
  }

  private static String codename(Path systemRoot) {
    Path osRelease = systemRoot.resolve("etc/os-release");
    try {
      return Files.isRegularFile(osRelease)
          ? Files.readAllLines(osRelease).stream()
              .filter(line -> line.startsWith("VERSION_CODENAME="))
              .map(line -> line.substring("VERSION_CODENAME=".length()).replace("\"", ""))
              .findFirst()
              .orElse("")
          : "";
    } catch (IOException e) {
      return "";
    }
  }
}

package dev.scratchjava.operations;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.catalog.Tags;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The parts of other files that repeat the catalog (the README's image table, the CI matrix),
 * made from the catalog folders so that those stay the one source of truth. Each part sits
 * between marker lines that say not to edit it; the rest of the file is left alone.
 */
public final class Generated {
  /** One generated part: its file (relative to the catalog root), its name, its text. */
  public record Part(String file, String name, String text) {}

  private static final String NOTICE = "made by ./catalog generate from the catalog folders; do not edit";

  private final Catalog catalog;
  private final List<Part> more;

  /** @param more parts that the layers above make (the command line's usage, say) */
  public Generated(Catalog catalog, List<Part> more) {
    this.catalog = catalog;
    this.more = List.copyOf(more);
  }

  public List<Part> parts() {
    String matrix = "image: [" + String.join(", ", catalog.images()) + "]\n";
    List<Part> parts = new ArrayList<>(List.of(
        new Part("README.md", "images", readmeTable()),
        new Part("README.md", "exit-statuses", exitStatuses()),
        new Part(".github/workflows/ci.yml", "images", matrix),
        new Part(".github/workflows/publish.yml", "images", matrix)));
    parts.addAll(recipes());
    parts.addAll(more);
    return parts;
  }

  /**
   * Each folder of {@code recipes/} as the README shows it, file by file (the Dockerfile first):
   * the suite builds the folder itself, so the README shows exactly what is tested.
   */
  private List<Part> recipes() {
    Path recipes = catalog.root().resolve(Catalog.RECIPES);
    if (!Files.isDirectory(recipes)) {
      return List.of();
    }
    List<Part> parts = new ArrayList<>();
    try (Stream<Path> folders = Files.list(recipes)) {
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
          for (Path file : files.filter(Files::isRegularFile)
              .sorted(Comparator.comparing((Path f) -> !f.getFileName().toString().equals("Dockerfile"))
                  .thenComparing(Path::getFileName)).toList()) {
            String name = file.getFileName().toString();
            String language = name.equals("Dockerfile") ? "dockerfile" : name.endsWith(".java") ? "java" : "";
            text.append(text.isEmpty() ? "" : "\n").append("`").append(Catalog.RECIPES).append('/')
                .append(folder.getFileName()).append('/').append(name).append("`:\n\n```").append(language).append('\n')
                .append(read(file)).append("```\n");
          }
        }
        parts.add(new Part("README.md", "recipe " + folder.getFileName(), text.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parts;
  }

  /** The files whose generated parts differ from what the catalog gives now. */
  public List<String> stale() {
    List<String> stale = new ArrayList<>();
    for (Part part : parts()) {
      Path file = catalog.root().resolve(part.file());
      if (!read(file).equals(replace(file, read(file), part))) {
        stale.add(part.file());
      }
    }
    return stale;
  }

  /** Rewrites the generated parts; returns the files that changed. */
  public List<String> write() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Part part : parts()) {
      Path file = catalog.root().resolve(part.file());
      String before = texts.computeIfAbsent(part.file(), name -> read(file));
      texts.put(part.file(), replace(file, before, part));
    }
    List<String> changed = new ArrayList<>();
    texts.forEach(
        (name, text) -> {
          Path file = catalog.root().resolve(name);
          if (!read(file).equals(text)) {
            AtomicFiles.write(file, temp -> Files.writeString(temp, text));
            changed.add(name);
          }
        });
    return changed;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Swaps the text between the part's markers, indented like the opening marker. */
  static String replace(Path file, String text, Part part) {
    boolean markdown = file.toString().endsWith(".md");
    String begin = (markdown ? "<!-- " : "# ") + "BEGIN GENERATED " + part.name() + ": " + NOTICE
        + (markdown ? " -->" : "");
    String end = (markdown ? "<!-- " : "# ") + "END GENERATED " + part.name() + (markdown ? " -->" : "");
    int beginAt = text.indexOf(begin);
    int endAt = text.indexOf(end);
    if (beginAt < 0 || endAt < beginAt) {
      throw new CatalogException(part.file() + ": no generated part '" + part.name()
          + "': the file needs the lines '" + begin + "' and '" + end + "'");
    }
    int lineStart = text.lastIndexOf('\n', beginAt) + 1;
    String indent = text.substring(lineStart, beginAt);
    String body =
        part.text().lines().map(line -> line.isEmpty() ? "" : indent + line).collect(Collectors.joining("\n", "", "\n"));
    int bodyStart = text.indexOf('\n', beginAt) + 1;
    int bodyEnd = text.lastIndexOf('\n', endAt) + 1;
    return text.substring(0, bodyStart) + body + text.substring(bodyEnd);
  }

  private String readmeTable() {
    StringBuilder table = new StringBuilder();
    table.append("| image | version | runtime | Debian suites | security support until | architectures | tags |\n");
    table.append("|---|---|---|---|---|---|---|\n");
    for (String image : catalog.images()) {
      for (Definition definition : catalog.definitions(image)) {
        Lock lock = catalog.lock(definition);
        Architecture first = definition.architectures().get(0);
        String runtime = "none (bring your own)";
        String suites = String.join(", ", definition.suites());
        if (definition.hasJava()) {
          PackageSpec spec = definition.runtimePackage();
          runtime = spec.name() + " " + lock.pins(first).find(spec.name()).orElseThrow().version();
          suites += spec.suites().isEmpty() ? "" : "; runtime from " + String.join(", ", spec.suites());
        }
        List<String> archs = definition.architectures().stream().map(Architecture::debian).toList();
        table.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n",
            // Users pull the repository; the folder is named where it differs.
            definition.repository() + (definition.isDefault() ? "" : " " + definition.variant())
                + (definition.repository().equals(image) ? "" : " (" + image + "/)"),
            lock.version(),
            runtime,
            suites,
            definition.securitySupportEnds(),
            String.join(", ", archs),
            Tags.of(definition, lock).multiArch().stream().map(tag -> "`" + tag + "`")
                .collect(Collectors.joining(", "))
                + "; each also with " + archs.stream().map(a -> "`-" + a + "`")
                    .collect(Collectors.joining(" or "))));
      }
    }
    return table.toString();
  }

  private static String exitStatuses() {
    StringBuilder table = new StringBuilder("| status | meaning |\n|---|---|\n");
    for (ExitStatus status : ExitStatus.values()) {
      table.append("| ").append(status.code()).append(" | ").append(status.meaning()).append(" |\n");
    }
    return table.toString();
  }
}

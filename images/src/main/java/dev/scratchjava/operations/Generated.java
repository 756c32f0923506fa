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
 * between marker lines that say not to edit it; the rest of the file is left alone. A part of
 * the documentation lives on whichever page holds its markers (README.md or a page of docs/), so
 * pages can be reorganised without a change here.
 */
public final class Generated {
  /** One generated part: its file (relative to the catalog root), its name, its text. */
  public record Part(String file, String name, String text) {}

  /** The pages that may hold a part of the documentation: README.md and docs/*.md. */
  public static final String README = "README.md";
  public static final String DOCS = "docs";

  private static final String NOTICE = "made by ./catalog generate from the catalog folders; do not edit";

  private final Catalog catalog;
  private final Map<String, String> moreDocumentation;

  /** @param moreDocumentation parts of the documentation that the layers above make, by name */
  public Generated(Catalog catalog, Map<String, String> moreDocumentation) {
    this.catalog = catalog;
    this.moreDocumentation = new LinkedHashMap<>(moreDocumentation);
  }

  public List<Part> parts() {
    Map<String, String> documentation = new LinkedHashMap<>();
    documentation.put("images", readmeTable());
    documentation.put("exit-statuses", exitStatuses());
    documentation.putAll(recipes());
    documentation.putAll(moreDocumentation);
    List<Part> parts = new ArrayList<>();
    Map<String, String> pages = pages();
    documentation.forEach((name, text) -> parts.add(new Part(pageHolding(pages, name), name, text)));
    String matrix = "image: [" + String.join(", ", catalog.images()) + "]\n";
    parts.add(new Part(".github/workflows/ci.yml", "images", matrix));
    parts.add(new Part(".github/workflows/publish.yml", "images", matrix));
    return parts;
  }

  /** README.md and every page of docs/, by their path relative to the root. */
  private Map<String, String> pages() {
    Map<String, String> pages = new LinkedHashMap<>();
    Path readme = catalog.root().resolve(README);
    if (Files.isRegularFile(readme)) {
      pages.put(README, read(readme));
    }
    Path docs = catalog.root().resolve(DOCS);
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.walk(docs)) {
        for (Path page : files.filter(f -> f.toString().endsWith(".md") && Files.isRegularFile(f)).sorted().toList()) {
          pages.put(catalog.root().relativize(page).toString().replace('\\', '/'), read(page));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return pages;
  }

  private static String pageHolding(Map<String, String> pages, String name) {
    Markers markers = Markers.of(Path.of(README), name);
    List<String> holding = pages.entrySet().stream().filter(page -> page.getValue().contains(markers.begin()))
        .map(Map.Entry::getKey).toList();
    if (holding.size() > 1) {
      throw new CatalogException(String.join(" and ", holding) + ": both hold the generated part '" + name
          + "': keep its markers on one page");
    }
    if (holding.isEmpty()) {
      throw new CatalogException(README + ", " + DOCS + "/: no page holds the generated part '" + name
          + "': put the lines '" + markers.begin() + "' and '" + markers.end() + "' on one");
    }
    return holding.get(0);
  }

  /**
   * Each folder of {@code recipes/} as the documentation shows it, file by file (the Dockerfile
   * first): the suite builds the folder itself, so the page shows exactly what is tested.
   */
  private Map<String, String> recipes() {
    Path recipes = catalog.root().resolve(Catalog.RECIPES);
    Map<String, String> parts = new LinkedHashMap<>();
    if (!Files.isDirectory(recipes)) {
      return parts;
    }
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
        parts.put("recipe " + folder.getFileName(), text.toString());
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
    Markers markers = Markers.of(file, part.name());
    String begin = markers.begin();
    String end = markers.end();
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

  /** The opening and closing marker lines of a part, as comments of its file's kind (Markdown or YAML). */
  private record Markers(String begin, String end) {
    static Markers of(Path file, String name) {
      boolean markdown = file.toString().endsWith(".md");
      String open = markdown ? "<!-- " : "# ";
      String close = markdown ? " -->" : "";
      return new Markers(open + "BEGIN GENERATED " + name + ": " + NOTICE + close, open + "END GENERATED " + name + close);
    }
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

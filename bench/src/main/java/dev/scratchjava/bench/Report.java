package dev.scratchjava.bench;

import dev.scratchjava.catalog.Catalog;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one benchmark run measured, as {@code target/bench/benchmark.json} keeps it, and the tables
 * printed from it.
 *
 * @param baseline what the baseline is, or null when it was skipped
 * @param spring the Spring Boot app's starts, plain and with the cache recipe of docs/start-up.md
 */
public record Report(
    String date, Machine machine, BuildTimes build, String baseline, List<Row> images, List<SpringRow> spring) {

  /** The machine the run was made on. */
  public record Machine(String kernel, String cpu, int cores, long memoryGiB, String docker) {
    public String summary() {
      return String.format("%s, %d cores (%s), %d GiB, Docker engine %s", kernel, cores, cpu, memoryGiB, docker);
    }
  }

  /** Catalog build times apart from target/, in seconds. */
  public record BuildTimes(
      double coldSeconds, double warmSeconds, double unchangedSeconds, boolean digestsEqualLocks, int cores) {}

  /** Sizes of one image. */
  public record Figures(double filesMB, double pushedMB, int layers, int files) {
    static Figures of(ImageFigures figures) {
      return new Figures(Math.round(figures.bytes() / 1e5) / 10.0,
          Math.round(figures.compressed() / 1e5) / 10.0, figures.layers(), figures.files());
    }
  }

  /**
   * Starts of one variant: medians, and every start's milliseconds; for a Spring Boot app also the
   * median of the JVM's own milliseconds to started ("process running for"), else null.
   */
  public record Start(long medianMillis, double medianRssMB, List<Long> millis, Long medianJvmMillis) {}

  /**
   * One image and architecture: ours, and where it could be made, the baseline and the host run,
   * and the trimmed-runtime recipe on a base. Absent figures are null (the baseline skipped or
   * failed, with the reason in baselineError; no jdk variant, no base, or a failed recipe build).
   */
  public record Row(
      String image, String arch, String jre, Figures ours, String baselineJre, Figures baseline,
      String baselineError, Start startOurs, Start startBaseline, Start startHost,
      String trimmedOn, Figures trimmed, Start startTrimmed) {}

  /**
   * The Spring Boot web app of one image and architecture: plain (its extracted jar, no cache)
   * and with the cache recipe of docs/start-up.md ({@code recipe}), in our image and in the baseline. Starts
   * are null where not measured, with the reason in {@code note} (not a Java it runs on, not the
   * host's architecture, or a build that failed); {@code note} may also say why the baseline's
   * columns are empty.
   */
  public record SpringRow(
      String image, String arch, String recipe, Start plain, Start cached, Start baselinePlain,
      Start baselineCached, String note) {}

  void print(PrintStream out) {
    out.println();
    out.printf("catalog build on %d cores: cold %.1f s, warm %.1f s, unchanged %.2f s (digests equal"
            + " the locks: %s)%n", build.cores(), build.coldSeconds(), build.warmSeconds(),
        build.unchangedSeconds(), build.digestsEqualLocks() ? "yes" : "NO");
    out.println();
    String sizes = "%-7s %-6s | %8s %9s %6s %6s | %8s %9s %6s %6s%n";
    out.printf(sizes, "", "", "ours", "", "", "", "baseline", "", "", "");
    out.printf(sizes, "IMAGE", "ARCH", "files MB", "pushed MB", "layers", "files", "files MB",
        "pushed MB", "layers", "files");
    for (Row row : images) {
      Optional<Figures> base = Optional.ofNullable(row.baseline());
      out.printf(sizes, row.image(), row.arch(), row.ours().filesMB(), row.ours().pushedMB(),
          row.ours().layers(), row.ours().files(), text(base, Figures::filesMB),
          text(base, Figures::pushedMB), text(base, Figures::layers), text(base, Figures::files));
    }
    out.println();
    String starts = "%-7s %-6s | %8s %8s %8s | %9s %9s | %8s %8s %8s%n";
    out.printf(starts, "", "", "start to first 200, median ms", "", "", "ratio", "", "RSS MB", "", "");
    out.printf(starts, "IMAGE", "ARCH", "ours", "baseline", "host", "ours/base", "ours/host",
        "ours", "baseline", "host");
    for (Row row : images) {
      Optional<Start> base = Optional.ofNullable(row.startBaseline());
      Optional<Start> host = Optional.ofNullable(row.startHost());
      out.printf(starts, row.image(), row.arch(), row.startOurs().medianMillis(),
          text(base, Start::medianMillis), text(host, Start::medianMillis),
          ratio(row.startOurs(), base), ratio(row.startOurs(), host), row.startOurs().medianRssMB(),
          text(base, Start::medianRssMB), text(host, Start::medianRssMB));
    }
    if (baseline != null) {
      out.println("baseline: " + baseline);
    }
    if (images.stream().anyMatch(row -> row.trimmed() != null)) {
      printTrimmed(out);
    }
    if (!spring.isEmpty()) {
      printSpring(out);
    }
  }

  private void printTrimmed(PrintStream out) {
    out.println();
    String trimmedRows = "%-7s %-6s | %-16s | %8s %9s | %8s %12s | %8s%n";
    out.println("trimmed runtime: the recipe of docs/trimmed-runtime.md around the app (its modules only), on a base");
    out.printf(trimmedRows, "IMAGE", "ARCH", "on", "files MB", "pushed MB", "start ms", "trimmed/ours", "RSS MB");
    for (Row row : images) {
      if (row.trimmed() != null) {
        out.printf(trimmedRows, row.image(), row.arch(), row.trimmedOn(), row.trimmed().filesMB(),
            row.trimmed().pushedMB(), row.startTrimmed().medianMillis(),
            ratio(row.startTrimmed(), Optional.of(row.startOurs())), row.startTrimmed().medianRssMB());
      }
    }
  }

  private void printSpring(PrintStream out) {
    out.println();
    out.println("Spring Boot web app (" + SpringApp.SOURCE.substring(SpringApp.SOURCE.indexOf("apps/"))
        + ", the host's architecture only): plain = its extracted jar, no cache; +c = built by the"
        + " recipe of docs/start-up.md; base = the baseline with our user, locale and JVM defaults");
    out.println("jvm = Spring's own \"process running for\" at its start line: the JVM alone, without the"
        + " container's start and the first request");
    String header = "%-7s %-6s | %-11s | %-35s | %-36s | %-35s | %-29s%n";
    String rows = "%-7s %-6s | %-11s | %8s %8s %8s %8s | %11s %10s %13s | %8s %8s %8s %8s | %8s %8s %11s%n";
    out.printf(header, "", "", "", "start to first 200, median ms", "ratio", "RSS MB", "jvm, median ms");
    out.printf(rows, "IMAGE", "ARCH", "recipe", "ours", "ours+c", "base", "base+c",
        "ours+c/ours", "ours/base", "ours+c/base+c", "ours", "ours+c", "base", "base+c", "ours", "ours+c",
        "ours+c/ours");
    for (SpringRow row : spring) {
      if (row.plain() == null) {
        continue;
      }
      Optional<Start> cached = Optional.ofNullable(row.cached());
      Optional<Start> base = Optional.ofNullable(row.baselinePlain());
      Optional<Start> baseCached = Optional.ofNullable(row.baselineCached());
      out.printf(rows, row.image(), row.arch(), row.recipe(), row.plain().medianMillis(),
          text(cached, Start::medianMillis), text(base, Start::medianMillis),
          text(baseCached, Start::medianMillis), cached.map(c -> ratio(c, Optional.of(row.plain()))).orElse("-"),
          ratio(row.plain(), base), cached.map(c -> ratio(c, baseCached)).orElse("-"),
          row.plain().medianRssMB(), text(cached, Start::medianRssMB), text(base, Start::medianRssMB),
          text(baseCached, Start::medianRssMB), text(Optional.of(row.plain()), Start::medianJvmMillis),
          text(cached, Start::medianJvmMillis), cached.map(c -> jvmRatio(c, row.plain())).orElse("-"));
    }
    for (SpringRow row : spring) {
      if (row.note() != null) {
        out.println((row.plain() == null ? "not measured: " : "") + row.image() + " " + row.arch()
            + ": " + row.note());
      }
    }
  }

  private static <T> String text(Optional<T> figures, Function<T, Object> field) {
    return figures.map(field).map(String::valueOf).orElse("-");
  }

  private static String jvmRatio(Start ours, Start other) {
    return ours.medianJvmMillis() == null || other.medianJvmMillis() == null ? "-"
        : String.format("%.2f", (double) ours.medianJvmMillis() / other.medianJvmMillis());
  }

  private static String ratio(Start ours, Optional<Start> other) {
    return other.map(o -> String.format("%.2f", (double) ours.medianMillis() / o.medianMillis())).orElse("-");
  }
}

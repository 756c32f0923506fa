package dev.scratchjava.bench;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.Variant;
import dev.scratchjava.operations.Build;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Selection;
import dev.scratchjava.operations.Workspace;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Json;
import dev.scratchjava.support.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The catalog's size and speed, side by side with what users pick instead, in one run on one
 * machine: image sizes, start to first HTTP 200 and resident memory of a small app (in our image,
 * in a Debian minbase with the same JRE installed by apt, and on the host), and build times.
 * Prints tables and writes target/bench/benchmark.json.
 */
public final class Benchmark {
  /** What the baseline is, as the report says it. */
  private static final String BASELINE = "Debian minbase (debootstrap) + the same JRE package by"
      + " apt-get --no-install-recommends, apt lists and cache removed; the app runs in it, and on"
      + " the host (chrooted into it), as our images' user with their locale and JVM defaults";

  /**
   * What to measure.
   *
   * @param runs timed starts per image and variant
   * @param baseline whether to measure the apt baseline and the host run too
   */
  public record Settings(Selection selection, int runs, boolean baseline) {}

  private final Workspace workspace;
  private final PrintStream out;

  public Benchmark(Workspace workspace, PrintStream out) {
    this.workspace = workspace;
    this.out = out;
  }

  public Report run(Settings settings) throws IOException {
    Path scratch = Files.createTempDirectory("catalog-bench");
    try {
      Report.Machine machine = machine();
      out.println("machine: " + machine.summary());
      // The trimmed images run on bases, which must be built from their locks too.
      Report.BuildTimes build = buildTimes(withTheirBases(settings.selection()), scratch);
      Optional<String> noBaseline =
          settings.baseline() ? Baseline.unavailable() : Optional.of("--no-baseline");
      noBaseline.ifPresent(why -> out.println("baseline column skipped: " + why));
      Path app = compileApp(scratch.resolve("app"));
      Baseline baselines = noBaseline.isPresent() ? null : new Baseline(
          workspace.cache().resolve("baseline"), workspace.mirrors().get(), line -> out.println("  " + line));
      List<Report.Row> rows = new ArrayList<>();
      Catalog catalog = workspace.catalog();
      for (String image : settings.selection().images(catalog)) {
        Definition definition = catalog.definition(image);
        if (!definition.hasJava()) {
          continue; // a base runs no app of its own: the trimmed rows run one on it
        }
        Lock lock = catalog.lock(definition);
        for (Architecture arch : settings.selection().architectures(definition)) {
          rows.add(row(definition, lock, arch, app, scratch, baselines, settings.runs()));
        }
      }
      List<Report.SpringRow> spring = springRows(settings, baselines, scratch);
      Report report = new Report(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), machine,
          build, noBaseline.isEmpty() ? BASELINE : null, rows, spring);
      report.print(out);
      Path json = workspace.root().resolve("target/bench/benchmark.json");
      Json.write(json, report);
      out.println("wrote " + workspace.root().relativize(json));
      return report;
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
  }

  /** Sizes and starts of one image and architecture; {@code baselines} null to skip them. */
  private Report.Row row(Definition definition, Lock lock, Architecture arch, Path app, Path scratch,
      Baseline baselines, int runs) {
    String jre = definition.runtimePackage().name();
    String version = lock.pins(arch).find(jre).orElseThrow().version();
    String ours = definition.reference(arch);
    out.println(definition.id() + " " + arch + ": measuring " + ours);
    Report.Figures ourFigures = Report.Figures.of(ImageFigures.of(ours, scratch));
    Map<String, Supplier<Startup.Sample>> variants = new LinkedHashMap<>();
    variants.put("ours", () -> Startup.inContainer(ours, app, false));
    Optional<TrimmedImage> trimmed = Optional.empty();
    try {
      trimmed = TrimmedImage.build(workspace.catalog(), definition, arch, app, scratch);
      trimmed.ifPresent(image -> variants.put("trimmed", () -> Startup.ofImage(image.reference(), List.of("8080"))));
    } catch (CatalogException e) {
      // As with the baseline: one recipe that fails must not cost the other figures.
      out.println("  " + definition.id() + " " + arch + ": no trimmed image: " + e.getMessage());
    }
    Baseline.Built baseline = null;
    String baselineError = null;
    if (baselines != null) {
      try {
        Baseline.Built built = baselines.get(definition, arch, version);
        variants.put("baseline", () -> Startup.inContainer(built.reference(), app, true));
        variants.put("host", () -> Startup.onHost(built.root(), app));
        baseline = built;
      } catch (CatalogException e) {
        // One baseline that cannot be made must not cost the figures of every other.
        out.println("  " + definition.id() + " " + arch + ": no baseline: " + e.getMessage());
        baselineError = e.getMessage();
      }
    }
    Map<String, Report.Start> starts = samples(runs, variants);
    return new Report.Row(definition.id(), arch.debian(), jre + " " + version, ourFigures,
        baseline == null ? null : baseline.jreVersion(),
        baseline == null ? null : Report.Figures.of(ImageFigures.of(baseline.reference(), scratch)),
        baselineError, starts.get("ours"), starts.get("baseline"), starts.get("host"),
        trimmed.map(TrimmedImage::base).orElse(null),
        trimmed.map(image -> Report.Figures.of(ImageFigures.of(image.reference(), scratch))).orElse(null),
        starts.get("trimmed"));
  }

  /**
   * The Spring Boot app on every chosen image with Java 17 or later, on the host's architecture
   * only: our image and the baseline, each plain and with the cache recipe of docs/start-up.md. Images it
   * does not run on get a row that says why; a build that fails costs only its own row.
   */
  private List<Report.SpringRow> springRows(Settings settings, Baseline baselines, Path scratch) {
    Catalog catalog = workspace.catalog();
    List<Report.SpringRow> spring = new ArrayList<>();
    SpringApp app = null;
    String appError = null;
    for (String image : settings.selection().images(catalog)) {
      Definition definition = catalog.definition(image);
      if (!definition.hasJava()) {
        continue;
      }
      for (Architecture arch : settings.selection().architectures(definition)) {
        String recipe = SpringApp.recipe(definition);
        Optional<String> unsupported = SpringApp.unsupported(definition, arch);
        if (unsupported.isEmpty() && app == null && appError == null) {
          out.println("building the Spring Boot app (" + SpringApp.SOURCE + ") ...");
          try {
            app = SpringApp.build(catalog, scratch);
          } catch (CatalogException e) {
            appError = "no Spring Boot app: " + e.getMessage();
          }
        }
        String why = unsupported.orElse(appError);
        if (why != null) {
          spring.add(new Report.SpringRow(definition.id(), arch.debian(), null, null, null, null, null, why));
          continue;
        }
        try {
          spring.add(springRow(app, definition, catalog.lock(definition), arch, recipe, baselines, settings.runs(), scratch));
        } catch (CatalogException e) {
          out.println("  " + definition.id() + " " + arch + ": no Spring rows: " + e.getMessage());
          spring.add(new Report.SpringRow(definition.id(), arch.debian(), recipe, null, null, null, null,
              e.getMessage()));
        }
      }
    }
    return spring;
  }

  private Report.SpringRow springRow(SpringApp app, Definition definition, Lock lock, Architecture arch,
      String recipe, Baseline baselines, int runs, Path scratch) {
    out.println(definition.id() + " " + arch + ": the Spring Boot app, plain and with recipes/" + recipe);
    String tag = "scratchjava-bench-spring/" + definition.id() + ":";
    String ours = definition.reference(arch);
    String plain = app.plain(ours, tag + "plain-" + arch.debian());
    String cached = app.withRecipe(recipe, ours, tag + recipe + "-" + arch.debian());
    Map<String, Supplier<Startup.Sample>> variants = new LinkedHashMap<>();
    variants.put("plain", () -> Startup.ofSpringImage(plain));
    variants.put("cached", () -> Startup.ofSpringImage(cached));
    String note = null;
    if (baselines != null) {
      try {
        String version = lock.pins(arch).find(definition.runtimePackage().name()).orElseThrow().version();
        Baseline.Built built = baselines.get(definition, arch, version);
        String base = SpringApp.asOurs(built.reference(), tag + "baseline-" + arch.debian(), scratch);
        String basePlain = app.plain(base, tag + "baseline-plain-" + arch.debian());
        String baseCached = app.withRecipe(recipe, base, tag + "baseline-" + recipe + "-" + arch.debian());
        variants.put("basePlain", () -> Startup.ofSpringImage(basePlain));
        variants.put("baseCached", () -> Startup.ofSpringImage(baseCached));
      } catch (CatalogException e) {
        // As in the small app's rows: a baseline that cannot be made costs only its columns.
        out.println("  " + definition.id() + " " + arch + ": no Spring baseline: " + e.getMessage());
        note = "no baseline: " + e.getMessage();
      }
    }
    Map<String, Report.Start> starts = samples(runs, variants);
    return new Report.SpringRow(definition.id(), arch.debian(), recipe, starts.get("plain"),
        starts.get("cached"), starts.get("basePlain"), starts.get("baseCached"), note);
  }

  /** The selection and the bases its images' trimmed runtimes run on. */
  private Selection withTheirBases(Selection selection) {
    Catalog catalog = workspace.catalog();
    Set<String> images = new LinkedHashSet<>(selection.images(catalog));
    for (String image : selection.images(catalog)) {
      Definition definition = catalog.definition(image);
      if (!catalog.family(image).variants().containsKey(Variant.JDK)) {
        continue; // no recipe to run on a base
      }
      for (Architecture arch : selection.architectures(definition)) {
        catalog.baseFor(definition, arch).ifPresent(base -> images.add(base.name()));
      }
    }
    return new Selection(List.copyOf(images), selection.arch());
  }

  /**
   * Builds the chosen images three times apart from target/: cold (empty unpack and layer caches,
   * packages already downloaded), warm (caches full, no earlier output) and unchanged (nothing
   * to do); then once more into target/ and Docker, for the measurements that follow.
   */
  private Report.BuildTimes buildTimes(Selection selection, Path scratch) throws IOException {
    Path buildCache = scratch.resolve("cache");
    Files.createDirectories(buildCache);
    Files.createSymbolicLink(buildCache.resolve("packages"),
        workspace.cache().resolve("packages").toAbsolutePath());
    Path output = scratch.resolve("output");
    Workspace apart = new Workspace(workspace.root(), buildCache, output, workspace.mirrors(), line -> { });
    Map<String, Double> seconds = new LinkedHashMap<>();
    boolean matchLocks = true;
    for (String kind : List.of("cold", "warm", "unchanged")) {
      if (kind.equals("warm")) {
        AtomicFiles.deleteTree(output);
      }
      out.println("build (" + kind + ") ...");
      long start = System.nanoTime();
      Build.Report built = new Build(apart).run(selection, false);
      seconds.put(kind, Math.round((System.nanoTime() - start) / 1e7) / 100.0);
      matchLocks &= built.status() == ExitStatus.OK;
    }
    AtomicFiles.deleteTree(buildCache);
    if (new Build(workspace).run(selection, true).status() != ExitStatus.OK) {
      throw new CatalogException("building and loading the images failed: run ./catalog build");
    }
    return new Report.BuildTimes(seconds.get("cold"), seconds.get("warm"), seconds.get("unchanged"),
        matchLocks, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Starts each variant once uncounted (to warm the page cache and the engine), then {@code runs}
   * times in turn, so that a machine that gets slower or faster meanwhile affects all alike.
   */
  private static Map<String, Report.Start> samples(
      int runs, Map<String, Supplier<Startup.Sample>> variants) {
    variants.values().forEach(Supplier::get);
    Map<String, List<Startup.Sample>> samples = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      variants.forEach((name, start) -> samples.computeIfAbsent(name, n -> new ArrayList<>()).add(start.get()));
    }
    Map<String, Report.Start> starts = new LinkedHashMap<>();
    samples.forEach((name, all) -> starts.put(name, new Report.Start(
        Math.round(median(all.stream().mapToDouble(Startup.Sample::seconds).toArray()) * 1000),
        Math.round(median(all.stream().mapToDouble(Startup.Sample::rss).toArray()) / 1e5) / 10.0,
        all.stream().map(sample -> Math.round(sample.seconds() * 1000)).toList(),
        all.stream().allMatch(sample -> sample.jvmSeconds().isPresent())
            ? Math.round(median(all.stream().mapToDouble(sample -> sample.jvmSeconds().get()).toArray()) * 1000)
            : null)));
    return starts;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static Report.Machine machine() {
    String kernel = Processes.run(List.of("uname", "-srm"), Duration.ofSeconds(10)).text().strip();
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    long memoryKb = firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(v -> Long.parseLong(v.replaceAll("[^0-9]", ""))).orElse(0L);
    String docker = Processes.run(List.of("docker", "version", "--format", "{{.Server.Version}}"),
        Duration.ofSeconds(20)).text().strip();
    return new Report.Machine(kernel, cpu, Runtime.getRuntime().availableProcessors(),
        Math.round(memoryKb / 1048576.0), docker);
  }

  private static Optional<String> firstValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Compiles the app for Java 8, so that every image runs the same classes. */
  private static Path compileApp(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path source = dir.resolve("HelloHttp.java");
    try (InputStream in = Benchmark.class.getResourceAsStream("/bench/HelloHttp.java")) {
      Files.copy(in, source);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new CatalogException("the benchmark compiles its app and needs a JDK, not a JRE");
    }
    if (javac.run(null, null, null, "--release", "8", "-Xlint:-options", "-d", dir.toString(),
        source.toString()) != 0) {
      throw new CatalogException("cannot compile the benchmark's app");
    }
    Files.delete(source);
    for (Path file : Files.list(dir).toList()) {
      file.toFile().setReadable(true, false);
    }
    dir.toFile().setReadable(true, false);
    dir.toFile().setExecutable(true, false);
    return dir;
  }
}

package dev.scratchjava.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scratchjava.catalog.AtomicFiles;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.CatalogException;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.Processes;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.image.ImageBuilder;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
  /** What to measure. */
  public record Settings(List<String> images, Function<Definition, List<String>> architectures,
      int runs, boolean baseline) {}

  /** Runs the catalog command line with these arguments and returns its exit status. */
  @FunctionalInterface
  public interface CatalogCommand {
    int run(List<String> args);
  }

  private final Catalog catalog;
  private final Path root;
  private final Path cache;
  private final Mirrors mirrors;
  private final CatalogCommand command;
  private final PrintStream out;

  public Benchmark(Catalog catalog, Path root, Path cache, Mirrors mirrors, CatalogCommand command,
      PrintStream out) {
    this.catalog = catalog;
    this.root = root;
    this.cache = cache;
    this.mirrors = mirrors;
    this.command = command;
    this.out = out;
  }

  public void run(Settings settings) throws IOException {
    Path scratch = Files.createTempDirectory("catalog-bench");
    try {
      ObjectNode report = new ObjectMapper().createObjectNode();
      report.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      report.set("machine", machine());
      out.println("machine: " + report.get("machine").get("summary").asText());
      report.set("build", buildTimes(settings, scratch));
      Optional<String> noBaseline =
          settings.baseline() ? Baseline.unavailable() : Optional.of("--no-baseline");
      noBaseline.ifPresent(why -> out.println("baseline column skipped: " + why));
      if (noBaseline.isEmpty()) {
        report.put("baseline", "Debian minbase (debootstrap) + the same JRE package by apt-get"
            + " --no-install-recommends, apt lists and cache removed; the app runs in it, and on"
            + " the host (chrooted into it), as our images' user with their locale");
      }
      Path app = compileApp(scratch.resolve("app"));
      Baseline baselines = new Baseline(cache.resolve("baseline"), mirrors, line -> out.println("  " + line));
      ArrayNode images = report.putArray("images");
      for (String image : settings.images()) {
        Definition definition = catalog.definition(image);
        Lock lock = catalog.lock(image);
        for (String arch : settings.architectures().apply(definition)) {
          String version = lock.pins(arch).find(definition.runtime().name()).orElseThrow().version();
          ObjectNode row = images.addObject();
          row.put("image", image).put("arch", arch).put("jre", definition.runtime().name() + " " + version);
          String ours = ImageBuilder.reference(definition, arch);
          out.println(image + " " + arch + ": measuring " + ours);
          row.set("ours", figures(ImageFigures.of(ours, scratch)));
          Map<String, Supplier<Startup.Sample>> variants = new LinkedHashMap<>();
          variants.put("startOurs", () -> Startup.inContainer(ours, app, false));
          if (noBaseline.isEmpty()) {
            try {
              Baseline.Built baseline = baselines.get(definition, arch, version);
              row.put("baselineJre", baseline.jreVersion());
              row.set("baseline", figures(ImageFigures.of(baseline.reference(), scratch)));
              variants.put("startBaseline", () -> Startup.inContainer(baseline.reference(), app, true));
              variants.put("startHost", () -> Startup.onHost(baseline.root(), app));
            } catch (CatalogException e) {
              // One baseline that cannot be made must not cost the figures of every other.
              out.println("  " + image + " " + arch + ": no baseline: " + e.getMessage());
              row.put("baselineError", e.getMessage());
            }
          }
          samples(settings.runs(), variants).forEach((variant, samples) -> row.set(variant, summary(samples)));
        }
      }
      printTables(report);
      Path json = root.resolve("target/bench/benchmark.json");
      byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report);
      AtomicFiles.write(json, temp -> Files.write(temp, bytes));
      out.println("wrote " + root.relativize(json));
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
  }

  /**
   * Builds the chosen images three times apart from target/: cold (empty unpack and layer caches,
   * packages already downloaded), warm (caches full, no earlier output) and unchanged (nothing
   * to do); then once more into target/ and Docker, for the measurements that follow.
   */
  private ObjectNode buildTimes(Settings settings, Path scratch) throws IOException {
    Path buildCache = scratch.resolve("cache");
    Files.createDirectories(buildCache);
    Files.createSymbolicLink(buildCache.resolve("packages"), cache.resolve("packages").toAbsolutePath());
    Path output = scratch.resolve("output");
    List<String> args = new ArrayList<>(List.of("build", "--no-load", "--cache", buildCache.toString(),
        "--output", output.toString()));
    args.add(String.join(",", settings.images()));
    ObjectNode times = new ObjectMapper().createObjectNode();
    boolean matchLocks = true;
    for (String kind : List.of("cold", "warm", "unchanged")) {
      if (kind.equals("warm")) {
        AtomicFiles.deleteTree(output);
      }
      out.println("build (" + kind + ") ...");
      long start = System.nanoTime();
      int status = command.run(args);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (status != 0 && status != 3) {
        throw new CatalogException("the " + kind + " build failed (exit " + status + ")");
      }
      matchLocks &= status == 0;
      times.put(kind + "Seconds", Math.round(seconds * 100) / 100.0);
    }
    times.put("digestsEqualLocks", matchLocks);
    times.put("cores", Runtime.getRuntime().availableProcessors());
    AtomicFiles.deleteTree(buildCache);
    List<String> load = new ArrayList<>(List.of("build", String.join(",", settings.images())));
    if (command.run(load) != 0) {
      throw new CatalogException("building and loading the images failed: run ./catalog build");
    }
    return times;
  }

  /**
   * Starts each variant once uncounted (to warm the page cache and the engine), then {@code runs}
   * times in turn, so that a machine that gets slower or faster meanwhile affects all alike.
   */
  private static Map<String, List<Startup.Sample>> samples(
      int runs, Map<String, Supplier<Startup.Sample>> variants) {
    variants.values().forEach(Supplier::get);
    Map<String, List<Startup.Sample>> samples = new LinkedHashMap<>();
    for (int i = 0; i < runs; i++) {
      variants.forEach((name, start) -> samples.computeIfAbsent(name, n -> new ArrayList<>()).add(start.get()));
    }
    return samples;
  }

  private static ObjectNode summary(List<Startup.Sample> samples) {
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("medianMillis", Math.round(median(samples.stream().mapToDouble(Startup.Sample::seconds).toArray()) * 1000));
    node.put("medianRssMB", Math.round(median(samples.stream().mapToDouble(Startup.Sample::rss).toArray()) / 1e5) / 10.0);
    ArrayNode all = node.putArray("millis");
    samples.forEach(sample -> all.add(Math.round(sample.seconds() * 1000)));
    return node;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static ObjectNode figures(ImageFigures figures) {
    ObjectNode node = new ObjectMapper().createObjectNode();
    node.put("filesMB", Math.round(figures.bytes() / 1e5) / 10.0);
    node.put("pushedMB", Math.round(figures.compressed() / 1e5) / 10.0);
    node.put("layers", figures.layers());
    node.put("files", figures.files());
    return node;
  }

  private void printTables(ObjectNode report) {
    ObjectNode build = (ObjectNode) report.get("build");
    out.println();
    out.printf("catalog build on %d cores: cold %.1f s, warm %.1f s, unchanged %.2f s (digests equal"
            + " the locks: %s)%n", build.get("cores").asInt(), build.get("coldSeconds").asDouble(),
        build.get("warmSeconds").asDouble(), build.get("unchangedSeconds").asDouble(),
        build.get("digestsEqualLocks").asBoolean() ? "yes" : "NO");
    out.println();
    String sizes = "%-7s %-6s | %8s %9s %6s %6s | %8s %9s %6s %6s%n";
    out.printf(sizes, "", "", "ours", "", "", "", "baseline", "", "", "");
    out.printf(sizes, "IMAGE", "ARCH", "files MB", "pushed MB", "layers", "files", "files MB",
        "pushed MB", "layers", "files");
    for (var row : report.get("images")) {
      var ours = row.get("ours");
      var base = row.path("baseline");
      out.printf(sizes, row.get("image").asText(), row.get("arch").asText(),
          ours.get("filesMB").asText(), ours.get("pushedMB").asText(), ours.get("layers").asText(),
          ours.get("files").asText(), text(base, "filesMB"), text(base, "pushedMB"),
          text(base, "layers"), text(base, "files"));
    }
    out.println();
    String starts = "%-7s %-6s | %8s %8s %8s | %9s %9s | %8s %8s %8s%n";
    out.printf(starts, "", "", "start to first 200, median ms", "", "", "ratio", "", "RSS MB", "", "");
    out.printf(starts, "IMAGE", "ARCH", "ours", "baseline", "host", "ours/base", "ours/host",
        "ours", "baseline", "host");
    for (var row : report.get("images")) {
      var ours = row.get("startOurs");
      var base = row.path("startBaseline");
      var host = row.path("startHost");
      out.printf(starts, row.get("image").asText(), row.get("arch").asText(),
          ours.get("medianMillis").asText(), text(base, "medianMillis"), text(host, "medianMillis"),
          ratio(ours, base), ratio(ours, host), ours.get("medianRssMB").asText(),
          text(base, "medianRssMB"), text(host, "medianRssMB"));
    }
    if (report.has("baseline")) {
      out.println("baseline: " + report.get("baseline").asText());
    }
  }

  private static String text(JsonNode node, String field) {
    return node.has(field) ? node.get(field).asText() : "-";
  }

  private static String ratio(JsonNode ours,
      JsonNode other) {
    return other.has("medianMillis")
        ? String.format("%.2f", ours.get("medianMillis").asDouble() / other.get("medianMillis").asDouble())
        : "-";
  }

  private static ObjectNode machine() {
    ObjectNode machine = new ObjectMapper().createObjectNode();
    String kernel = Processes.run(List.of("uname", "-srm"), Duration.ofSeconds(10)).text().strip();
    String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU");
    long memoryKb = firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(v -> Long.parseLong(v.replaceAll("[^0-9]", ""))).orElse(0L);
    String docker = Processes.run(List.of("docker", "version", "--format", "{{.Server.Version}}"),
        Duration.ofSeconds(20)).text().strip();
    int cores = Runtime.getRuntime().availableProcessors();
    machine.put("kernel", kernel).put("cpu", cpu).put("cores", cores)
        .put("memoryGiB", Math.round(memoryKb / 1048576.0)).put("docker", docker);
    machine.put("summary", String.format("%s, %d cores (%s), %d GiB, Docker engine %s", kernel,
        cores, cpu, Math.round(memoryKb / 1048576.0), docker));
    return machine;
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

package dev.scratchjava.cli;

import dev.scratchjava.bench.Benchmark;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.AtomicFiles;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.CatalogException;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Generated;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.debian.Archive;
import dev.scratchjava.debian.Keyring;
import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.PackageCache;
import dev.scratchjava.debian.Resolver;
import dev.scratchjava.image.DockerEngine;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.image.ImageDiff;
import dev.scratchjava.image.Publisher;
import dev.scratchjava.image.Registry;
import dev.scratchjava.image.Sbom;
import dev.scratchjava.rootfs.UnpackCache;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** The {@code catalog} command: parses arguments, prints progress and summaries, maps errors. */
public final class Main {
  static final String USAGE =
      """
      usage: ./catalog COMMAND [IMAGE...] [OPTIONS]

      commands:
        build   build images from their locks into target/images/*.tar and, when a Docker
                engine answers, load them as IMAGE:N-ARCH (and IMAGE:N for this machine's arch)
        lock    read the Debian suites, pin the newest packages and the digests they build
                into IMAGE/image.lock.json, and print what changed (--all: every image;
                --check: change nothing, exit 5 if the mirror has newer builds)
        push    publish images to --registry: each architecture's image, the multi-arch index,
                then the tags (N, full version, full version-revision, each also -ARCH)
        verify  rebuild images from their locks (outside target/) and compare the digests
        sbom    write an SPDX 2.3 document per image and architecture to target/sbom/
        generate  rewrite the parts of README.md and the CI workflow that list the catalog
                (--check: only say which are stale, exit 4 if any)
        bench   measure sizes, start-up, memory and build times against a Debian minbase with
                the same JRE installed by apt (needs Docker; the baseline needs root and
                debootstrap), print tables and write target/bench/benchmark.json

      IMAGE is a catalog folder (default: every image).

      options:
        --arch amd64|arm64|all    build: architectures to build (default: all)
        --no-load                 build: write tars only, do not load them into Docker
        --output DIR              build: write tars under DIR/images (default: target)
        --runs N                  bench: timed starts per image and variant (default: 5)
        --no-baseline             bench: measure our images only
        --registry HOST[:PORT]/NS push: the registry and namespace to publish to; credentials
                                  from REGISTRY_USERNAME/REGISTRY_PASSWORD or Docker's config
        --mirror URL              Debian archive (else $DEBIAN_MIRROR, else the host's apt sources)
        --security-mirror URL     Debian security archive (else $DEBIAN_SECURITY_MIRROR, else apt)
        --cache DIR               package cache (else $CATALOG_CACHE, else ~/.cache/scratchjava)
      """;

  private final PrintStream out;
  private final Consumer<String> log;

  private Main(PrintStream out) {
    this.out = out;
    this.log = line -> out.println("  " + line);
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs one command; returns its exit status: 0 done, 1 error, 2 usage, 3 digests differ from
   * the locks, 4 generated parts stale, 5 locks older than the mirror.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("catalog: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (options.command() == null) {
      out.print(USAGE);
      return 0;
    }
    try {
      Main main = new Main(out);
      return switch (options.command()) {
        case "build" -> main.build(options);
        case "lock" -> main.lock(options);
        case "generate" -> main.generate(options);
        case "push" -> main.push(options);
        case "verify" -> main.verify(options);
        case "sbom" -> main.sbom(options);
        case "bench" -> main.bench(options, err);
        default -> throw new IllegalStateException(options.command());
      };
    } catch (CatalogException | UncheckedIOException | IOException e) {
      err.println("catalog: error: " + e.getMessage());
      return 1;
    }
  }

  private int build(Options options) {
    Catalog catalog = Catalog.at(options.root());
    ImageBuilder builder = builder(options);
    boolean load = options.load() && DockerEngine.isReachable();
    if (options.load() && !load) {
      out.println("no Docker engine answers: writing tars only");
    }
    List<Callable<ImageBuilder.Built>> jobs = new ArrayList<>();
    for (String image : options.images(catalog)) {
      Definition definition = catalog.definition(image);
      Lock lock = catalog.lock(image);
      for (String arch : options.architectures(definition)) {
        jobs.add(() -> {
          out.println(image + " " + arch + ": building from " + Lock.FILE);
          ImageBuilder.Built one =
              builder.build(definition, arch, lock.pins(arch).packages(), lock.revision());
          if (load) {
            List<String> aliases =
                arch.equals(Architecture.host()) ? List.of(image + ":" + definition.java()) : List.of();
            boolean loaded = DockerEngine.load(one.tar(), one.reference(), one.imageId(), aliases);
            log.accept((loaded ? "loaded " : "already loaded ") + one.reference()
                + (aliases.isEmpty() ? "" : " (also " + aliases.get(0) + ")"));
          }
          return one;
        });
      }
    }
    List<ImageBuilder.Built> built = inParallel(jobs);
    List<String> differing = new ArrayList<>();
    for (ImageBuilder.Built one : built) {
      Lock lock = catalog.lock(one.image());
      if (!one.digest().equals(lock.pins(one.arch()).digest())) {
        differing.add(one.image() + " " + one.arch());
      }
    }
    summary(built, catalog);
    if (!differing.isEmpty()) {
      out.println("digest differs from the lock for " + String.join(", ", differing)
          + ": the build is not what the lock recorded (run ./catalog lock after changing the"
          + " builder)");
      return 3;
    }
    return 0;
  }

  /**
   * Runs builds side by side, one per core (jib-core compresses a build's layers in parallel
   * too), and returns their results in submission order; the first failure cancels the rest.
   */
  private static <T> List<T> inParallel(List<Callable<T>> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(jobs.size(), Runtime.getRuntime().availableProcessors()));
    try {
      List<Future<T>> futures = new ArrayList<>();
      jobs.forEach(job -> futures.add(pool.submit(job)));
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new CatalogException(e.getCause().toString(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  private int lock(Options options) {
    Catalog catalog = Catalog.at(options.root());
    Resolver resolver = new Resolver(archive(options, Keyring.read(options.root().resolve(Keyring.FILE))));
    if (options.check()) {
      return checkLocks(catalog, resolver, options);
    }
    ImageBuilder builder = builder(options);
    for (String image : options.images(catalog)) {
      Definition definition = catalog.definition(image);
      Optional<Lock> before;
      try {
        before = Lock.readIfPresent(catalog.folder(image));
      } catch (CatalogException e) {
        // The lock is being rewritten anyway: an unreadable one must not stand in the way.
        out.println(image + ": replacing an unreadable lock (" + e.getMessage() + ")");
        before = Optional.empty();
      }
      out.println(image + ": resolving " + definition.allSuites());
      Map<String, List<LockedPackage>> resolved = resolver.resolve(definition);
      String revision = Lock.revision(resolved);
      Map<String, Lock.Pins> pins = new TreeMap<>();
      resolved.forEach(
          (arch, packages) -> {
            ImageBuilder.Built built = builder.build(definition, arch, packages, revision);
            pins.put(arch, new Lock.Pins(built.digest(), built.javaVersion(), packages));
          });
      Lock after = new Lock(pins);
      List<String> changes = after.changesSince(before);
      if (changes.isEmpty()) {
        out.println(image + ": unchanged");
      } else {
        after.write(catalog.folder(image));
        out.println(image + ": wrote " + image + "/" + Lock.FILE);
        changes.forEach(change -> out.println("  " + image + " " + change));
      }
    }
    return 0;
  }

  /** Exits 5 when the mirror offers a newer build of any locked package. */
  private int checkLocks(Catalog catalog, Resolver resolver, Options options) {
    int stale = 0;
    for (String image : options.images(catalog)) {
      Definition definition = catalog.definition(image);
      Lock lock = catalog.lock(image);
      Map<String, List<LockedPackage>> current = resolver.resolve(definition);
      for (Map.Entry<String, List<LockedPackage>> arch : current.entrySet()) {
        for (LockedPackage offered : arch.getValue()) {
          String locked =
              lock.pins(arch.getKey()).find(offered.name()).map(LockedPackage::version).orElse("(none)");
          if (!locked.equals(offered.version())) {
            out.println(image + " " + arch.getKey() + " " + offered.name() + ": locked " + locked
                + ", the mirror has " + offered.version());
            stale++;
          }
        }
      }
    }
    out.println(stale == 0
        ? "every lock is current"
        : stale + " locked package(s) have newer builds: run ./catalog lock");
    return stale == 0 ? 0 : 5;
  }

  private int push(Options options) {
    Catalog catalog = Catalog.at(options.root());
    Optional<Registry.Credentials> credentials =
        Registry.credentials(
            options.registry(),
            System.getenv(),
            Path.of(System.getProperty("user.home"), ".docker", "config.json"));
    Registry registry = new Registry(options.registry(), credentials);
    Publisher publisher = new Publisher(builder(options), registry, credentials, log);
    for (String image : options.images(catalog)) {
      out.println(image + ": publishing to " + registry.repository(image));
      Publisher.Outcome outcome = publisher.publish(catalog.definition(image), catalog.lock(image));
      out.println(
          outcome.imagesUploaded() == 0 && outcome.tagsMoved() == 0
              ? image + ": nothing to upload, every tag already current (index "
                  + outcome.indexDigest() + ")"
              : image + ": uploaded " + outcome.imagesUploaded() + " image(s), moved "
                  + outcome.tagsMoved() + " tag(s) (index " + outcome.indexDigest() + ")");
    }
    return 0;
  }

  /**
   * Rebuilds every image from its lock, apart from target/, and compares the digests. Where one
   * differs and target/images holds a build of the locked digest, names the first layer and file
   * that differ.
   */
  private int verify(Options options) throws IOException {
    Catalog catalog = Catalog.at(options.root());
    Path scratch = Files.createTempDirectory("catalog-verify");
    ImageBuilder builder = new ImageBuilder(unpackCache(options), scratch, options.cache().resolve("jib"), log);
    int differing = 0;
    try {
      for (String image : options.images(catalog)) {
        Definition definition = catalog.definition(image);
        Lock lock = catalog.lock(image);
        for (String arch : options.architectures(definition)) {
          ImageBuilder.Built built =
              builder.build(definition, arch, lock.pins(arch).packages(), lock.revision());
          String locked = lock.pins(arch).digest();
          if (built.digest().equals(locked)) {
            out.println(image + " " + arch + ": same digest " + locked);
            continue;
          }
          differing++;
          out.println(image + " " + arch + ": DIFFERS: lock " + locked + ", rebuilt " + built.digest());
          Path reference = ImageBuilder.tarOf(options.root().resolve("target"), definition, arch);
          if (ImageBuilder.digestOf(reference).filter(locked::equals).isPresent()) {
            out.println("  first difference from target/images: "
                + ImageDiff.first(reference, built.tar()).orElse("none in layers or configuration"));
          } else {
            out.println("  (target/images holds no build of the locked digest to compare layers"
                + " with: run ./catalog build before changing the builder)");
          }
        }
      }
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
    out.println(differing == 0
        ? "every digest equals its lock"
        : differing + " digest(s) differ from their locks");
    return differing == 0 ? 0 : 3;
  }

  private int sbom(Options options) {
    Catalog catalog = Catalog.at(options.root());
    Sbom sbom = new Sbom(packageCache(options));
    for (String image : options.images(catalog)) {
      Definition definition = catalog.definition(image);
      Lock lock = catalog.lock(image);
      for (String arch : options.architectures(definition)) {
        Path file = options.root().resolve("target/sbom/" + image + "-" + arch + ".spdx.json");
        byte[] document = sbom.document(definition, lock, arch);
        AtomicFiles.write(file, temp -> Files.write(temp, document));
        out.println(image + " " + arch + ": wrote " + options.root().relativize(file));
      }
    }
    return 0;
  }

  private int bench(Options options, PrintStream err) throws IOException {
    Catalog catalog = Catalog.at(options.root());
    if (!DockerEngine.isReachable()) {
      throw new CatalogException("the benchmark runs containers: no Docker engine answers");
    }
    List<String> passOn = new ArrayList<>(List.of("--arch", options.arch()));
    if (options.mirror() != null) {
      passOn.addAll(List.of(Mirrors.MAIN_FLAG, options.mirror()));
    }
    if (options.securityMirror() != null) {
      passOn.addAll(List.of(Mirrors.SECURITY_FLAG, options.securityMirror()));
    }
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Benchmark benchmark = new Benchmark(catalog, options.root(), options.cache(),
        Mirrors.configure(options.mirror(), options.securityMirror(), System.getenv(), Path.of("/")),
        args -> {
          List<String> all = new ArrayList<>(args);
          all.addAll(passOn);
          return run(all.toArray(String[]::new), quiet, err);
        },
        out);
    benchmark.run(new Benchmark.Settings(options.images(catalog), options::architectures,
        options.runs(), options.baseline()));
    return 0;
  }

  private int generate(Options options) {
    Generated generated = new Generated(Catalog.at(options.root()));
    if (options.check()) {
      List<String> stale = generated.stale();
      stale.forEach(file -> out.println(file + ": generated part is stale: run ./catalog generate"));
      return stale.isEmpty() ? 0 : 4;
    }
    List<String> changed = generated.write();
    out.println(changed.isEmpty() ? "generated parts are current" : "rewrote " + String.join(", ", changed));
    return 0;
  }

  /** The archive; without a keyring it only downloads files the lock already pins by hash. */
  private Archive archive(Options options, Keyring keyring) {
    return new Archive(
        Mirrors.configure(options.mirror(), options.securityMirror(), System.getenv(), Path.of("/")),
        keyring,
        log);
  }

  private ImageBuilder builder(Options options) {
    return new ImageBuilder(
        unpackCache(options), options.output(), options.cache().resolve("jib"), log);
  }

  private UnpackCache unpackCache(Options options) {
    return new UnpackCache(options.cache().resolve("unpacked"), packageCache(options));
  }

  private PackageCache packageCache(Options options) {
    return new PackageCache(options.cache().resolve("packages"), archive(options, null), log);
  }

  private void summary(List<ImageBuilder.Built> built, Catalog catalog) {
    if (built.isEmpty()) {
      return;
    }
    String format = "%-10s %-6s %-71s %8s%n";
    out.println();
    out.printf(format, "IMAGE", "ARCH", "DIGEST", "SIZE");
    for (ImageBuilder.Built one : built) {
      out.printf(
          format,
          one.image(),
          one.arch(),
          one.digest(),
          String.format("%.1f MB", one.bytes() / 1e6));
    }
  }
}

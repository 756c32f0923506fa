package dev.scratchjava.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import dev.scratchjava.catalog.AtomicFiles;
import dev.scratchjava.catalog.CatalogException;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.rootfs.Contract;
import dev.scratchjava.rootfs.FileTree;
import dev.scratchjava.rootfs.Node;
import dev.scratchjava.rootfs.Rootfs;
import dev.scratchjava.rootfs.UnpackCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Builds one image for one architecture from pinned packages: the file tree, a skeleton base
 * image, and one jib-core layer per package, into a docker-loadable tar. Reads only the pins and
 * the package cache, so the same pins give the same digest on any machine.
 */
public final class ImageBuilder {
  /** Pinned in the image's history, so that a new jib-core does not move digests by itself. */
  private static final String TOOL_NAME = "scratchjava";
  private static final String TOOL_VERSION = "1";

  /**
   * One built image.
   *
   * @param reference the name and tag it is loaded as, e.g. {@code java17:17-amd64}
   * @param digest the manifest digest
   * @param imageId the configuration digest, which Docker calls the image ID
   * @param javaVersion the runtime's full version
   * @param bytes the size of its files, uncompressed
   * @param tar the docker-loadable tar
   */
  public record Built(
      String image,
      String arch,
      String reference,
      String digest,
      String imageId,
      String javaVersion,
      long bytes,
      Path tar) {}

  private final UnpackCache unpacked;
  private final Path outputDir;
  private final Path jibCache;
  private final Consumer<String> log;

  /**
   * @param outputDir where tars (under {@code images/}) and staging folders are written
   * @param jibCache jib-core's layer cache
   */
  public ImageBuilder(UnpackCache unpacked, Path outputDir, Path jibCache, Consumer<String> log) {
    this.unpacked = unpacked;
    this.outputDir = outputDir;
    this.jibCache = jibCache;
    this.log = log;
  }

  /** The name and tag an architecture's image is loaded as. */
  public static String reference(Definition definition, String arch) {
    return definition.name() + ":" + definition.java() + "-" + arch;
  }

  /**
   * Builds a docker-loadable tar under {@code images/} of the output folder. When the tar there
   * was built from the same definition, pins and builder, it is kept as it is: nothing to do.
   */
  public Built build(
      Definition definition, String arch, List<LockedPackage> pins, String revision) {
    String reference = reference(definition, arch);
    Path tar = tarOf(outputDir, definition, arch);
    String inputs = BuildRecord.inputs(definition, arch, pins, revision);
    Optional<BuildRecord> previous = BuildRecord.read(tar).filter(r -> r.inputs().equals(inputs));
    if (previous.isPresent()) {
      log.accept(definition.name() + " " + arch + ": unchanged since the last build, kept "
          + outputDir.relativize(tar));
      return previous.get().built(definition.name(), arch, reference, tar);
    }
    return assembled(definition, arch, pins, revision, image -> {
      JibContainer[] container = new JibContainer[1];
      AtomicFiles.write(tar, temp ->
          container[0] = containerize(image, Containerizer.to(TarImage.at(temp).named(parse(reference)))));
      BuildRecord record = new BuildRecord(inputs, container[0].getDigest().toString(),
          container[0].getImageId().toString(), image.javaVersion(), image.files().fileBytes());
      record.write(tar);
      return record.built(definition.name(), arch, reference, tar);
    });
  }

  /** Where {@link #build} writes an architecture's tar below {@code outputDir}. */
  public static Path tarOf(Path outputDir, Definition definition, String arch) {
    return outputDir.resolve("images").resolve(definition.name() + "-" + arch + ".tar");
  }

  /** The manifest digest of a tar that {@link #build} wrote, if it is there. */
  public static Optional<String> digestOf(Path tar) {
    return BuildRecord.read(tar).map(BuildRecord::digest);
  }

  /** Builds straight into a registry, tagged {@code tag}; returns the manifest digest. */
  public String push(
      Definition definition,
      String arch,
      List<LockedPackage> pins,
      String revision,
      Registry registry,
      Optional<Registry.Credentials> credentials,
      String tag) {
    String reference = registry.repository(definition.name()) + ":" + tag;
    return assembled(definition, arch, pins, revision, image -> {
      RegistryImage target = RegistryImage.named(parse(reference));
      credentials.ifPresent(c -> target.addCredential(c.username(), c.password()));
      return containerize(
              image, Containerizer.to(target).setAllowInsecureRegistries(registry.isLoopback()))
          .getDigest()
          .toString();
    });
  }

  private static ImageReference parse(String reference) {
    try {
      return ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new CatalogException("'" + reference + "' is not an image reference");
    }
  }

  /** An assembled image, ready for jib-core: its tree, skeleton base and configuration. */
  private record Assembled(
      Definition definition, String arch, String revision, FileTree files, Path skeleton,
      String javaVersion) {}

  private <T> T assembled(
      Definition definition,
      String arch,
      List<LockedPackage> pins,
      String revision,
      Function<Assembled, T> use) {
    List<Rootfs.Input> inputs = new ArrayList<>();
    for (PackageSpec spec : definition.packages()) {
      LockedPackage pin =
          pins.stream()
              .filter(p -> p.name().equals(spec.name()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CatalogException(definition.name() + "/image.lock.json: no " + arch
                          + " pin for package " + spec.name() + ": run ./catalog lock "
                          + definition.name()));
      inputs.add(new Rootfs.Input(spec, pin, unpacked.get(pin)));
    }
    Path staging = outputDir.resolve("stage").resolve(definition.name() + "-" + arch);
    try {
      AtomicFiles.deleteTree(staging);
      long start = System.nanoTime();
      FileTree tree = Rootfs.assemble(definition, arch, inputs, unpacked);
      log.accept(String.format("%s %s: %d paths, %.1f MB assembled in %.1f s", definition.name(),
          arch, tree.nodes().size(), tree.fileBytes() / 1e6, seconds(start)));
      start = System.nanoTime();
      Path skeleton = staging.resolve("skeleton.tar");
      SkeletonImage.write(tree.nodes(), arch, skeleton);
      String javaVersion = JavaRelease.version(tree, definition.javaHome(arch), pins);
      T result = use.apply(new Assembled(definition, arch, revision, tree, skeleton, javaVersion));
      log.accept(String.format("%s %s: image written in %.1f s", definition.name(), arch, seconds(start)));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      AtomicFiles.deleteTree(staging);
    }
  }

  private JibContainer containerize(Assembled image, Containerizer containerizer) {
    Definition definition = image.definition();
    String arch = image.arch();
    String javaHome = definition.javaHome(arch);
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("JAVA_HOME", javaHome);
    environment.put("PATH", javaHome + "/bin:/usr/local/bin:/usr/bin:/bin");
    environment.put("LANG", Contract.LANG);
    environment.put("JAVA_VERSION", image.javaVersion());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", definition.name());
    labels.put("org.opencontainers.image.description", definition.description());
    labels.put("org.opencontainers.image.version", image.javaVersion());
    labels.put("org.opencontainers.image.licenses", definition.licenses());
    labels.put("org.opencontainers.image.revision", image.revision());
    String what = definition.name() + " " + arch;
    try {
      JibContainerBuilder builder =
          Jib.from(TarImage.at(image.skeleton()).named(SkeletonImage.REFERENCE + ":" + arch))
              .setPlatforms(Set.of(new Platform(arch, "linux")))
              .setCreationTime(Instant.EPOCH)
              .setEnvironment(environment)
              .setLabels(labels)
              .setUser(Contract.USER)
              .setEntrypoint(List.of("/usr/bin/java"))
              .setFileEntriesLayers(layers(definition, image.files()));
      return builder.containerize(
              containerizer
                  .setBaseImageLayersCache(jibCache)
                  .setApplicationLayersCache(jibCache)
                  .setToolName(TOOL_NAME)
                  .setToolVersion(TOOL_VERSION)
                  .setAlwaysCacheBaseImage(false));
    } catch (InvalidImageReferenceException
        | ExecutionException
        | RegistryException
        | RuntimeException e) {
      throw new CatalogException(what + ": jib-core failed: " + firstLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException(what + ": interrupted");
    } catch (CacheDirectoryCreationException e) {
      throw new CatalogException(jibCache + ": cannot create jib-core's cache: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String message = String.valueOf(cause.getMessage());
    return message.lines().findFirst().orElse(cause.getClass().getSimpleName());
  }

  /** One layer per package, in definition order, then the generated certificates. */
  private static List<FileEntriesLayer> layers(Definition definition, FileTree tree) {
    List<String> order = new ArrayList<>();
    definition.packages().forEach(spec -> order.add(spec.name()));
    order.add(Rootfs.CERTIFICATES);
    Map<String, FileEntriesLayer.Builder> byOrigin = new LinkedHashMap<>();
    order.forEach(origin -> byOrigin.put(origin, FileEntriesLayer.builder().setName(origin)));
    for (Node node : tree.nodes()) {
      if (node.kind() == Node.Kind.FILE && !node.origin().equals(Node.SKELETON)) {
        byOrigin
            .get(node.origin())
            .addEntry(
                node.source(),
                AbsoluteUnixPath.get("/" + node.path()),
                FilePermissions.fromOctalString(String.format("%03o", node.mode() & 0777)),
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
                node.uid() + ":" + node.gid());
      }
    }
    return byOrigin.values().stream()
        .map(FileEntriesLayer.Builder::build)
        .filter(layer -> !layer.getEntries().isEmpty())
        .toList();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}

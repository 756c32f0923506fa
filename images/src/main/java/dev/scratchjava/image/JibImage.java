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
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.rootfs.Contract;
import dev.scratchjava.rootfs.FileTree;
import dev.scratchjava.rootfs.Node;
import dev.scratchjava.rootfs.Rootfs;
import dev.scratchjava.support.CatalogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * An assembled image as jib-core builds it: the skeleton as base image, one layer per package,
 * the configuration; written to one of two targets, a docker-loadable tar or a registry.
 */
final class JibImage {
  /** Pinned in the image's history, so that a new jib-core does not move digests by itself. */
  private static final String TOOL_NAME = "scratchjava";
  private static final String TOOL_VERSION = "1";

  private final Path jibCache;

  /** @param jibCache jib-core's layer cache */
  JibImage(Path jibCache) {
    this.jibCache = jibCache;
  }

  /** Writes a docker-loadable tar that Docker will name {@code reference}. */
  JibContainer toTar(Assembler.Assembled image, Path tar, String reference) {
    return containerize(image, Containerizer.to(TarImage.at(tar).named(parse(reference))), "jib-core failed");
  }

  /** Pushes to {@code reference} in a registry; returns the manifest digest. */
  String toRegistry(
      Assembler.Assembled image, Registry registry, Optional<Registry.Credentials> credentials,
      String reference) {
    RegistryImage target = RegistryImage.named(parse(reference));
    credentials.ifPresent(c -> target.addCredential(c.username(), c.password()));
    // Named in the error: a push fails mostly for the registry's sake, and jib-core's message seldom says which.
    return containerize(image, Containerizer.to(target).setAllowInsecureRegistries(registry.isLoopback()),
        "jib-core failed to push to " + reference).getDigest().toString();
  }

  static ImageReference parse(String reference) {
    try {
      return ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new CatalogException("'" + reference + "' is not an image reference");
    }
  }

  /** @param failed what an error says failed */
  private JibContainer containerize(Assembler.Assembled image, Containerizer containerizer, String failed) {
    Recipe recipe = image.recipe();
    try {
      JibContainerBuilder builder =
          Jib.from(TarImage.at(image.skeleton()).named(SkeletonImage.REFERENCE + ":" + recipe.arch()))
              .setPlatforms(Set.of(new Platform(recipe.arch().oci(), "linux")))
              .setCreationTime(Instant.EPOCH)
              .setUser(Contract.USER)
              // Writable by 65532 and by group 0, so that relative paths work for both.
              .setWorkingDirectory(AbsoluteUnixPath.get(Contract.HOME))
              .setFileEntriesLayers(layers(recipe.definition(), image.files()));
      if (recipe.definition().hasJava()) {
        // A base has none: the image built on it names its own program.
        builder.setEntrypoint(Contract.ENTRYPOINT);
      }
      // One at a time: setEnvironment and setLabels copy a whole map, which Java 17 and 19 size
      // apart (ImageConfig says why that moves the digest).
      image.config().environment().forEach(builder::addEnvironmentVariable);
      image.config().labels().forEach(builder::addLabel);
      return builder.containerize(containerizer
          .setBaseImageLayersCache(jibCache)
          .setApplicationLayersCache(jibCache)
          .setToolName(TOOL_NAME)
          .setToolVersion(TOOL_VERSION)
          .setAlwaysCacheBaseImage(false));
    } catch (InvalidImageReferenceException | ExecutionException | RegistryException | RuntimeException e) {
      throw new CatalogException(recipe.what() + ": " + failed + ": " + firstLine(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException(recipe.what() + ": interrupted");
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

  /** One layer per package, in definition order, then the generated certificates, then the CDS archive. */
  private static List<FileEntriesLayer> layers(Definition definition, FileTree tree) {
    List<String> order = new ArrayList<>();
    definition.packages().forEach(spec -> order.add(spec.name()));
    order.add(Rootfs.CERTIFICATES);
    order.add(Rootfs.CDS_ARCHIVE);
    Map<String, FileEntriesLayer.Builder> byOrigin = new LinkedHashMap<>();
    order.forEach(origin -> byOrigin.put(origin, FileEntriesLayer.builder().setName(origin)));
    for (Node node : tree.nodes()) {
      if (!node.inSkeleton()) {
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
}

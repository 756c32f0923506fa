package dev.scratchjava.image;

import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.PackageSpec;
import dev.scratchjava.rootfs.FileTree;
import dev.scratchjava.rootfs.Rootfs;
import dev.scratchjava.rootfs.UnpackCache;
import dev.scratchjava.support.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Makes an image's file tree from its recipe and the skeleton base image jib-core builds on, in a
 * staging folder that exists only while {@link #assembled} runs.
 */
final class Assembler {
  /**
   * An assembled image, ready for jib-core: its tree, skeleton base image, full version and
   * configuration.
   */
  record Assembled(Recipe recipe, FileTree files, Path skeleton, String version, ImageConfig config) {}

  private final UnpackCache unpacked;
  private final Path stagingRoot;
  private final Consumer<String> log;

  Assembler(UnpackCache unpacked, Path stagingRoot, Consumer<String> log) {
    this.unpacked = unpacked;
    this.stagingRoot = stagingRoot;
    this.log = log;
  }

  <T> T assembled(Recipe recipe, Function<Assembled, T> use) {
    List<Rootfs.Input> inputs = new ArrayList<>();
    for (PackageSpec spec : recipe.definition().packages()) {
      inputs.add(new Rootfs.Input(spec, recipe.pin(spec), unpacked.get(recipe.pin(spec))));
    }
    Path staging = stagingRoot.resolve(recipe.definition().id() + "-" + recipe.arch());
    try {
      AtomicFiles.deleteTree(staging);
      long start = System.nanoTime();
      Definition definition = recipe.definition();
      Optional<Rootfs.Added> cdsArchive = recipe.cdsArchive()
          .map(archive -> new Rootfs.Added(archive.locked().path(), archive.content()));
      FileTree tree = Rootfs.assemble(
          definition.hasJava() ? definition.javaHome(recipe.arch()) : null, inputs, cdsArchive, unpacked);
      log.accept(String.format("%s: %d paths, %.1f MB assembled in %.1f s", recipe.what(),
          tree.nodes().size(), tree.fileBytes() / 1e6, seconds(start)));
      start = System.nanoTime();
      String version = ImageVersion.of(tree, definition, recipe.arch(), recipe.packages());
      ImageConfig config = ImageConfig.of(recipe, version);
      Path skeleton = staging.resolve("skeleton.tar");
      SkeletonImage.write(tree.nodes(), recipe.arch(), config.seed(), skeleton);
      T result = use.apply(new Assembled(recipe, tree, skeleton, version, config));
      log.accept(String.format("%s: image written in %.1f s", recipe.what(), seconds(start)));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      AtomicFiles.deleteTree(staging);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}

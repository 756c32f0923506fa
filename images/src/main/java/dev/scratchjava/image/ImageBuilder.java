package dev.scratchjava.image;

import com.google.cloud.tools.jib.api.JibContainer;
import dev.scratchjava.rootfs.UnpackCache;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.DockerSave;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds images from their recipes into docker-loadable tars under {@code images/} of an output
 * folder. Reads only the recipe and the package cache, so the same recipe gives the same digest on
 * any machine; a tar built from the same recipe by the same builder is kept as it is.
 */
public final class ImageBuilder {
  private final Assembler assembler;
  private final JibImage jib;
  private final Path outputDir;
  private final Path jibCache;
  private final Consumer<String> log;

  /**
   * @param outputDir where tars (under {@code images/}) and staging folders are written
   * @param jibCache jib-core's layer cache
   */
  public ImageBuilder(UnpackCache unpacked, Path outputDir, Path jibCache, Consumer<String> log) {
    this.assembler = new Assembler(unpacked, outputDir.resolve("stage"), log);
    this.jib = new JibImage(jibCache);
    this.jibCache = jibCache;
    this.outputDir = outputDir;
    this.log = log;
  }

  public BuiltImage build(Recipe recipe) {
    // Checked even when the tar is kept: a build never vouches for a file the lock no longer matches.
    recipe.cdsArchive().ifPresent(Recipe.StoredArchive::content);
    Path tar = tarOf(outputDir, recipe);
    String inputs = BuildRecord.inputs(recipe);
    Optional<BuildRecord> previous = BuildRecord.read(tar).filter(r -> r.inputs().equals(inputs));
    if (previous.isPresent()) {
      log.accept(recipe.what() + ": unchanged since the last build, kept " + outputDir.relativize(tar));
      return previous.get().built(recipe, tar);
    }
    return assembler.assembled(recipe, image -> {
      JibContainer container = AtomicFiles.writeAndGet(tar, temp -> {
        JibContainer written = jib.toTar(image, temp, recipe.reference());
        // Layers come from jib-core's cache when it has them: checked before the tar is used.
        try (DockerSave saved = DockerSave.open(temp)) {
          saved.verify();
        } catch (CatalogException e) {
          throw new CatalogException(recipe.what() + ": " + e.getMessage() + ": jib-core's cache " + jibCache
              + " holds a damaged layer; delete it to build again");
        }
        return written;
      });
      BuildRecord record = new BuildRecord(inputs, container.getDigest().toString(),
          container.getImageId().toString(), image.version(), image.files().fileBytes());
      record.write(tar);
      return record.built(recipe, tar);
    });
  }

  /** Builds straight into a registry, tagged {@code tag}; returns the manifest digest. */
  public String push(
      Recipe recipe, Registry registry, Optional<Registry.Credentials> credentials, String tag) {
    String reference = registry.repository(recipe.definition().repository()) + ":" + tag;
    return assembler.assembled(recipe, image -> jib.toRegistry(image, registry, credentials, reference));
  }

  /** Where {@link #build} writes an architecture's tar below {@code outputDir}. */
  public static Path tarOf(Path outputDir, Recipe recipe) {
    return outputDir.resolve("images").resolve(recipe.definition().id() + "-" + recipe.arch() + ".tar");
  }

  /** The manifest digest of a tar that {@link #build} wrote, if it is there. */
  public static Optional<String> digestOf(Path tar) {
    return BuildRecord.read(tar).map(BuildRecord::digest);
  }
}

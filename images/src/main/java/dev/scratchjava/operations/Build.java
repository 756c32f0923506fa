package dev.scratchjava.operations;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.image.DockerEngine;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.image.Recipe;
import dev.scratchjava.support.CatalogException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Builds images from their locks into tars and, if asked, loads them into the Docker engine. */
public final class Build {
  /**
   * What a build made.
   *
   * @param images every image built, in catalog order
   * @param differing those whose digest differs from the lock's
   */
  public record Report(List<BuiltImage> images, List<BuiltImage> differing) {
    public ExitStatus status() {
      return differing.isEmpty() ? ExitStatus.OK : ExitStatus.DIGEST_DIFFERS;
    }
  }

  private final Workspace workspace;

  public Build(Workspace workspace) {
    this.workspace = workspace;
  }

  /** @param load whether to load the images into the engine (when one answers) */
  public Report run(Selection selection, boolean load) {
    Catalog catalog = workspace.catalog();
    List<Recipe> recipes = selection.lockedRecipes(catalog);
    boolean engine = load && DockerEngine.isReachable();
    if (load && !engine) {
      workspace.progress().accept("no Docker engine answers: writing tars only");
    }
    ImageBuilder builder = workspace.builder();
    Optional<Architecture> host = Architecture.host();
    List<Callable<BuiltImage>> jobs = new ArrayList<>();
    for (Recipe recipe : recipes) {
      jobs.add(() -> {
        workspace.progress().accept(recipe.what() + ": building from the lock");
        BuiltImage built = builder.build(recipe);
        String locked = locked(catalog, recipe);
        // An image the lock does not name must not stand under the tags users run.
        if (engine && !built.digest().equals(locked)) {
          workspace.progress().accept(recipe.what() + ": not loaded: built " + built.digest()
              + ", but the lock says " + locked + " (" + recipe.reference() + ", if there, is what was loaded before)");
        } else if (engine) {
          List<String> aliases = host.filter(recipe.arch()::equals).isPresent()
              ? List.of(recipe.definition().hostReference()) : List.of();
          boolean loaded = DockerEngine.load(built.tar(), recipe.reference(), built.imageId(), aliases);
          workspace.progress().accept((loaded ? "loaded " : "already loaded ") + recipe.reference()
              + (aliases.isEmpty() ? "" : " (also " + aliases.get(0) + ")"));
        }
        return built;
      });
    }
    List<BuiltImage> built = inParallel(jobs);
    List<BuiltImage> differing = built.stream().filter(one -> !one.digest().equals(locked(catalog, one.recipe()))).toList();
    return new Report(built, differing);
  }

  private static String locked(Catalog catalog, Recipe recipe) {
    return catalog.lock(recipe.definition()).pins(recipe.arch()).digest();
  }

  /**
   * Runs builds side by side, one per core (jib-core compresses a build's layers in parallel
   * too), and returns their results in submission order; the first failure cancels the rest.
   */
  static <T> List<T> inParallel(List<Callable<T>> jobs) {
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
}

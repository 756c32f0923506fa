package dev.scratchjava.operations;

import dev.scratchjava.image.BuiltImage;
import dev.scratchjava.image.ImageBuilder;
import dev.scratchjava.image.ImageDiff;
import dev.scratchjava.image.Recipe;
import dev.scratchjava.support.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rebuilds images from their locks, apart from the output folder, and compares the digests.
 * Where one differs and the output folder holds a build of the locked digest, it names the first
 * layer and file that differ.
 */
public final class Verify {
  /**
   * One image's rebuild.
   *
   * @param locked the digest the lock records
   * @param rebuilt the digest the rebuild gave
   * @param firstDifference where they differ, when a build of the locked digest was there to
   *     compare with
   */
  public record Result(Recipe recipe, String locked, String rebuilt, Optional<String> firstDifference) {
    public boolean same() {
      return locked.equals(rebuilt);
    }
  }

  private final Workspace workspace;

  public Verify(Workspace workspace) {
    this.workspace = workspace;
  }

  public List<Result> run(Selection selection) {
    List<Result> results = new ArrayList<>();
    Path scratch;
    try {
      scratch = Files.createTempDirectory("catalog-verify");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ImageBuilder builder = workspace.builder(scratch);
      for (Recipe recipe : selection.lockedRecipes(workspace.catalog())) {
        BuiltImage built = builder.build(recipe);
        String locked = workspace.catalog().lock(recipe.definition()).pins(recipe.arch()).digest();
        Optional<String> difference = Optional.empty();
        if (!built.digest().equals(locked)) {
          Path reference = ImageBuilder.tarOf(workspace.output(), recipe);
          difference = ImageBuilder.digestOf(reference).filter(locked::equals)
              .map(found -> ImageDiff.explain(reference, built.tar()));
        }
        results.add(new Result(recipe, locked, built.digest(), difference));
      }
    } finally {
      AtomicFiles.deleteTree(scratch);
    }
    return results;
  }
}

package dev.scratchjava.image;

import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The CI run this process is part of, as each CI names it in the environment. */
public final class CiRun {
  private CiRun() {}

  /**
   * The page of the run, so a reader can go from a digest to its log: {@code CATALOG_RUN_URL},
   * which any CI can set, else what GitHub Actions, GitLab and Jenkins set on their own; empty
   * outside CI. A blank variable counts as unset.
   */
  public static Optional<String> url(Map<String, String> env) {
    Optional<String> own = present(env, "CATALOG_RUN_URL");
    if (own.isPresent()) {
      return own;
    }
    Optional<String> server = present(env, "GITHUB_SERVER_URL");
    Optional<String> repository = present(env, "GITHUB_REPOSITORY");
    Optional<String> run = present(env, "GITHUB_RUN_ID");
    if (server.isPresent() && repository.isPresent() && run.isPresent()) {
      return Optional.of(server.get() + "/" + repository.get() + "/actions/runs/" + run.get());
    }
    return present(env, "CI_JOB_URL").or(() -> present(env, "BUILD_URL"));
  }

  /** The repository's commit: git's, else the CI's (a checkout without .git); empty if neither says. */
  public static Optional<String> commit(Path root, Map<String, String> env) {
    try {
      Processes.Output git = Processes.run(List.of("git", "-C", root.toString(), "rev-parse", "HEAD"), Duration.ofSeconds(30));
      if (git.status() == 0) {
        return Optional.of(git.text().strip());
      }
    } catch (CatalogException noGit) {
      // No git on this machine: the CI may still say.
    }
    return present(env, "GITHUB_SHA");
  }

  private static Optional<String> present(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
  }
}

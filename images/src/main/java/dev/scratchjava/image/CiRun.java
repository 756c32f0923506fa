package dev.scratchjava.image;

import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * Refuses a checkout that is not at the head of {@code branch} on its remote {@code origin}: a
   * run of an older commit (a re-run, a slow queue) must not move tags back to older builds.
   */
  public static void requireHeadOf(Path root, String branch) {
    String here = git(root, List.of("rev-parse", "HEAD"), "read this checkout's commit");
    String remote = git(root, List.of("ls-remote", "--exit-code", "origin", "refs/heads/" + branch),
        "read the head of " + branch + " on origin").split("\\s+")[0];
    if (!remote.equals(here)) {
      throw new CatalogException("--head-of " + branch + ": origin's " + branch + " is at " + remote + ", this checkout at "
          + here + ": a run of an older commit moves no tag; nothing was pushed");
    }
  }

  private static String git(Path root, List<String> args, String what) {
    List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(args);
    Processes.Output git = Processes.run(command, Duration.ofSeconds(60));
    if (git.status() != 0) {
      throw new CatalogException("--head-of: cannot " + what + " (git exit " + git.status() + "): " + git.tail().lines()
          .reduce((first, last) -> last).orElse(""));
    }
    return git.text().strip();
  }

  private static Optional<String> present(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
  }
}

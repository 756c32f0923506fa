package dev.scratchjava.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Processes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiRunTest {
  @Test
  void theRunUrlIsTheCatalogsOwnThenGitHubsThenGitLabsThenJenkinss() {
    Map<String, String> github = Map.of("GITHUB_SERVER_URL", "https://github.com",
        "GITHUB_REPOSITORY", "owner/catalog", "GITHUB_RUN_ID", "42");
    assertEquals(Optional.of("https://github.com/owner/catalog/actions/runs/42"), CiRun.url(github));
    Map<String, String> own = new HashMap<>(github);
    own.put("CATALOG_RUN_URL", "https://ci.example/run/7");
    assertEquals(Optional.of("https://ci.example/run/7"), CiRun.url(own));
    assertEquals(Optional.of("https://gitlab.example/g/p/-/jobs/9"), CiRun.url(Map.of(
        "CI_JOB_URL", "https://gitlab.example/g/p/-/jobs/9", "BUILD_URL", "https://jenkins.example/job/c/3/")));
    assertEquals(Optional.of("https://jenkins.example/job/c/3/"), CiRun.url(Map.of("BUILD_URL", "https://jenkins.example/job/c/3/")));
    assertEquals(Optional.empty(), CiRun.url(Map.of("GITHUB_SERVER_URL", "https://github.com", "GITHUB_RUN_ID", "42")),
        "GitHub's URL needs all three variables");
    assertEquals(Optional.empty(), CiRun.url(Map.of("CATALOG_RUN_URL", " ")));
    assertEquals(Optional.empty(), CiRun.url(Map.of()));
  }

  @Test
  void aCheckoutBehindTheBranchOnOriginIsRefusedAndOneAtItsHeadIsNot(@TempDir Path folder) {
    Path origin = folder.resolve("origin.git");
    Path checkout = folder.resolve("checkout");
    Path other = folder.resolve("other");
    git(folder, "init", "-q", "--bare", "-b", "main", origin.toString());
    git(folder, "clone", "-q", origin.toString(), checkout.toString());
    commit(checkout, "first");
    git(checkout, "push", "-q", "origin", "HEAD:main");
    CiRun.requireHeadOf(checkout, "main");

    git(folder, "clone", "-q", origin.toString(), other.toString());
    commit(other, "second");
    git(other, "push", "-q", "origin", "HEAD:main");
    String message = assertThrows(CatalogException.class, () -> CiRun.requireHeadOf(checkout, "main")).getMessage();
    assertTrue(message.startsWith("--head-of main: origin's main is at ") && message.endsWith(
        ": a run of an older commit moves no tag; nothing was pushed"), message);
    String missing = assertThrows(CatalogException.class, () -> CiRun.requireHeadOf(checkout, "gone")).getMessage();
    assertTrue(missing.startsWith("--head-of: cannot read the head of gone on origin"), missing);
  }

  private static void commit(Path checkout, String message) {
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "--allow-empty", "-m", message);
  }

  private static void git(Path in, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", in.toString()));
    command.addAll(List.of(args));
    Processes.check(command, Duration.ofSeconds(30), String.join(" ", args));
  }

  @Test
  void theCommitIsGitsElseTheCisElseNone(@TempDir Path notARepository) {
    assertTrue(CiRun.commit(Path.of(".."), Map.of()).orElseThrow().matches("[0-9a-f]{40}"));
    assertEquals(Optional.of("abc123"), CiRun.commit(notARepository, Map.of("GITHUB_SHA", "abc123")));
    assertEquals(Optional.empty(), CiRun.commit(notARepository, Map.of()));
  }
}

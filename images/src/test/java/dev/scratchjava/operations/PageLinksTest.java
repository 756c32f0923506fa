package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageLinksTest {
  @TempDir Path root;

  @Test
  void acceptsRelativeLinksToPagesHeadingsAndFilesAndIgnoresCode() throws Exception {
    page("README.md", "# Title\n\nSee [using](docs/using.md#the-catalog-command), [here](#title),"
        + " [a recipe](recipes/x/) and [the web](https://example.org/none).\n\n```\n[not](a-link.md)\n```\n"
        + "`[nor](this.md)`\n");
    page("docs/using.md", "# Using\n\n## The `catalog` command\n\nBack to [the README](../README.md#title).\n");
    Files.createDirectories(root.resolve("recipes/x"));

    assertEquals(List.of(), PageLinks.problems(root));
  }

  @Test
  void namesADeadFileADeadAnchorAnAbsoluteLinkAndAPageNothingLinksTo() throws Exception {
    page("README.md", "# Title\n\n[gone](docs/gone.md), [no heading](docs/using.md#nowhere), [absolute](/docs/using.md)"
        + " and [fine](docs/using.md), [out](../" + outside() + ").\n");
    page("docs/using.md", "# Using\n\n[dead anchor here](#missing)\n");
    page("docs/orphan.md", "# Orphan\n\n[up](../README.md)\n");

    assertEquals(List.of(
        "README.md: link to docs/gone.md: no such file in the repository",
        "README.md: link to docs/using.md#nowhere: docs/using.md has no heading with the anchor #nowhere",
        "README.md: link to /docs/using.md: not relative (GitHub and a fork's copy resolve it elsewhere)",
        "README.md: link to ../" + outside() + ": no such file in the repository",
        "docs/using.md: link to #missing: docs/using.md has no heading with the anchor #missing",
        "docs/orphan.md: no page links to it (from README.md, by links)"), PageLinks.problems(relative()).stream()
            .sorted((a, b) -> Integer.compare(order(a), order(b))).toList());
  }

  @Test
  void anchorsAreGitHubsSlugsWithRepeatsNumbered() {
    assertEquals(Set.of("class-data-sharing-on-java-8-and-11", "the-catalog-command", "tests", "tests-1",
            "security-what-is-proven-and-how-to-check-it-yourself"),
        PageLinks.anchors(PageLinks.prose("## Class-data sharing on Java 8 and 11\n### The `catalog` command\n"
            + "## Tests\n## Tests\n# Security: what is proven, and how to check it yourself\n```\n# a comment\n```\n")));
  }

  /** The root as the real test names it, relative to the working folder ("..") . */
  private Path relative() {
    return Path.of("").toAbsolutePath().relativize(root);
  }

  /** A file beside the repository: there, but not in it. */
  private String outside() throws Exception {
    Path file = root.resolveSibling(root.getFileName() + "-outside.md");
    if (!Files.exists(file)) {
      Files.writeString(file, "# Outside\n");
    }
    return file.getFileName().toString();
  }

  private static int order(String problem) {
    return problem.startsWith("README.md") ? 0 : problem.startsWith("docs/using.md") ? 1 : 2;
  }

  private void page(String name, String text) throws Exception {
    Files.createDirectories(root.resolve(name).getParent());
    Files.writeString(root.resolve(name), text);
  }
}

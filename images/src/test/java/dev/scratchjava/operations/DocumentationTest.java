package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The repository's own pages: linked as {@link PageLinks} wants, a short README, pages that say what they are for. */
class DocumentationTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void everyLinkBetweenThePagesLeadsToAFileAndHeadingAndEveryPageIsReachable() throws Exception {
    assertEquals(List.of(), PageLinks.problems(ROOT));
  }

  @Test
  void theReadmeStaysShortEnoughToReadInFiveMinutes() throws Exception {
    long lines = Files.readAllLines(ROOT.resolve(Generated.README)).size();
    assertTrue(lines <= 250, "README.md has " + lines + " lines: move the detail to a page of docs/");
  }

  @Test
  void everyPageOpensWithItsTitleAndWhatItIsForAndWhoReadsIt() throws Exception {
    try (Stream<Path> pages = Files.list(ROOT.resolve(Generated.DOCS))) {
      for (Path page : pages.filter(f -> f.toString().endsWith(".md")).toList()) {
        List<String> lines = Files.readAllLines(page);
        assertTrue(lines.size() > 2 && lines.get(0).startsWith("# ") && lines.get(1).isEmpty()
            && lines.get(2).startsWith("For "), page + ": open with '# Title', a blank line and 'For whom ...'");
      }
    }
  }

  @Test
  void theJibPluginBlockShownIsTheOneTheSuiteBuildsWith() throws Exception {
    List<String> pom = Files.readAllLines(ROOT.resolve("tests/src/test/resources/apps/jib/pom.xml"));
    int from = pom.indexOf(pom.stream().filter(line -> line.strip().equals("<plugin>")).findFirst().orElseThrow());
    int to = pom.indexOf(pom.stream().filter(line -> line.strip().equals("</plugin>")).findFirst().orElseThrow());
    int indent = pom.get(from).indexOf('<');
    String block = String.join("\n", pom.subList(from, to + 1).stream().map(line -> line.substring(indent)).toList());
    String page = Files.readString(ROOT.resolve("docs/using.md"));
    assertTrue(page.contains("```xml\n" + block + "\n```"), "docs/using.md shows another Jib plugin block than\n" + block);
  }
}

package dev.scratchjava.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The links between the documentation's pages (README.md and docs/*.md), read as GitHub renders
 * them: each must be relative, name a file of the repository and, into a page, a heading of it;
 * every page of docs/ must be reachable from the README. Code blocks and code spans hold no links.
 */
final class PageLinks {
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?)#*\\s*$");
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+).+?\\1");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);

  private final Path root;
  private final Map<String, List<String>> prose = new LinkedHashMap<>();

  private PageLinks(Path root) throws IOException {
    // Absolute, so that a link climbing out of the repository ("../../x") is seen to leave it.
    this.root = root.toAbsolutePath().normalize();
    root = this.root;
    prose.put(Generated.README, prose(Files.readString(root.resolve(Generated.README))));
    Path docs = root.resolve(Generated.DOCS);
    if (Files.isDirectory(docs)) {
      try (Stream<Path> files = Files.walk(docs)) {
        for (Path page : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
          prose.put(name(page), prose(Files.readString(page)));
        }
      }
    }
  }

  /** One line per dead, absolute or unreachable link or page, each naming its page. */
  static List<String> problems(Path root) throws IOException {
    return new PageLinks(root).problems();
  }

  private List<String> problems() {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> anchors = new HashMap<>();
    prose.forEach((page, lines) -> anchors.put(page, anchors(lines)));
    Map<String, Set<String>> linked = new HashMap<>();
    prose.forEach((page, lines) -> {
      for (String target : targets(lines)) {
        if (target.matches("(?i)(https?|mailto):.*")) {
          continue;
        }
        if (target.startsWith("/")) {
          problems.add(page + ": link to " + target + ": not relative (GitHub and a fork's copy resolve it elsewhere)");
          continue;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file = path.isEmpty() ? root.resolve(page) : root.resolve(page).getParent().resolve(path).normalize();
        if (!file.startsWith(root) || !Files.exists(file)) {
          problems.add(page + ": link to " + target + ": no such file in the repository");
          continue;
        }
        String into = name(file);
        if (prose.containsKey(into)) {
          linked.computeIfAbsent(page, p -> new HashSet<>()).add(into);
          if (anchor != null && !anchors.get(into).contains(anchor)) {
            problems.add(page + ": link to " + target + ": " + into + " has no heading with the anchor #" + anchor);
          }
        } else if (anchor != null) {
          problems.add(page + ": link to " + target + ": an anchor into a file that is not a page");
        }
      }
    });
    Set<String> reached = reachable(linked);
    prose.keySet().stream().filter(page -> !reached.contains(page))
        .forEach(page -> problems.add(page + ": no page links to it (from " + Generated.README + ", by links)"));
    return problems;
  }

  private static Set<String> reachable(Map<String, Set<String>> linked) {
    Set<String> reached = new HashSet<>(Set.of(Generated.README));
    Deque<String> next = new ArrayDeque<>(reached);
    while (!next.isEmpty()) {
      for (String page : linked.getOrDefault(next.pop(), Set.of())) {
        if (reached.add(page)) {
          next.push(page);
        }
      }
    }
    return reached;
  }

  /** GitHub's anchors: the heading in lower case, without punctuation, spaces as hyphens, repeats numbered. */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : lines) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = heading.group(1).strip().toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
    }
    return anchors;
  }

  private static List<String> targets(List<String> lines) {
    List<String> targets = new ArrayList<>();
    for (String line : lines) {
      Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
      while (link.find()) {
        targets.add(link.group(1));
      }
    }
    return targets;
  }

  /**
   * The page's lines outside fenced code blocks and comments; a heading's code spans keep their
   * text, as GitHub keeps it in the anchor.
   */
  static List<String> prose(String text) {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    for (String line : COMMENT.matcher(text).replaceAll("").split("\n", -1)) {
      if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
        fenced = !fenced;
      } else if (!fenced) {
        lines.add(line);
      }
    }
    return lines;
  }

  private String name(Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }
}

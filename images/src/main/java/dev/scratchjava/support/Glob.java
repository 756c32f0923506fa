package dev.scratchjava.support;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Path patterns of image definitions: {@code *} matches within one folder, {@code **} across
 * folders, {@code ?} one character. Paths are relative to the image root, without a leading slash.
 */
public final class Glob {
  private final Pattern pattern;

  private Glob(Pattern pattern) {
    this.pattern = pattern;
  }

  public static Glob of(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean folderPrefix = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        regex.append(folderPrefix ? "(?:.*/)?" : ".*");
        i += folderPrefix ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new Glob(Pattern.compile(regex.toString()));
  }

  public static List<Glob> all(List<String> globs) {
    return globs.stream().map(Glob::of).toList();
  }

  public boolean matches(String path) {
    return pattern.matcher(path).matches();
  }

  public static boolean anyMatches(List<Glob> globs, String path) {
    return globs.stream().anyMatch(glob -> glob.matches(path));
  }
}

package dev.scratchjava.debian;

/**
 * A Debian package version, ordered as dpkg orders them: epoch, then upstream version, then
 * Debian revision, where {@code ~} sorts before anything, even the end of the string.
 */
public record Version(int epoch, String upstream, String revision) implements Comparable<Version> {

  public static Version parse(String text) {
    String rest = text.strip();
    int epoch = 0;
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      try {
        epoch = Integer.parseInt(rest.substring(0, colon));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad epoch in version '" + text + "'");
      }
      rest = rest.substring(colon + 1);
    }
    int dash = rest.lastIndexOf('-');
    String upstream = dash >= 0 ? rest.substring(0, dash) : rest;
    String revision = dash >= 0 ? rest.substring(dash + 1) : "";
    if (upstream.isEmpty() || !isDigit(upstream.charAt(0))) {
      throw new IllegalArgumentException("version '" + text + "' must start with a digit");
    }
    return new Version(epoch, upstream, revision);
  }

  @Override
  public int compareTo(Version other) {
    int byEpoch = Integer.compare(epoch, other.epoch);
    if (byEpoch != 0) {
      return byEpoch;
    }
    int byUpstream = compareParts(upstream, other.upstream);
    return byUpstream != 0 ? byUpstream : compareParts(revision, other.revision);
  }

  /** dpkg's verrevcmp: alternating runs of non-digits (by {@link #weight}) and digits (by value). */
  private static int compareParts(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      while ((i < a.length() && !isDigit(a.charAt(i)))
          || (j < b.length() && !isDigit(b.charAt(j)))) {
        int wa = i < a.length() ? weight(a.charAt(i)) : 0;
        int wb = j < b.length() ? weight(b.charAt(j)) : 0;
        if (wa != wb) {
          return Integer.compare(wa, wb);
        }
        i++;
        j++;
      }
      while (i < a.length() && a.charAt(i) == '0') {
        i++;
      }
      while (j < b.length() && b.charAt(j) == '0') {
        j++;
      }
      int firstDiff = 0;
      while (i < a.length() && isDigit(a.charAt(i))
          && j < b.length() && isDigit(b.charAt(j))) {
        if (firstDiff == 0) {
          firstDiff = Integer.compare(a.charAt(i), b.charAt(j));
        }
        i++;
        j++;
      }
      if (i < a.length() && isDigit(a.charAt(i))) {
        return 1;
      }
      if (j < b.length() && isDigit(b.charAt(j))) {
        return -1;
      }
      if (firstDiff != 0) {
        return firstDiff;
      }
    }
    return 0;
  }

  /** Tilde before the end (and digits), the end before letters, letters before the rest. */
  private static int weight(char c) {
    if (isDigit(c)) {
      return 0;
    }
    if (c == '~') {
      return -1;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      return c;
    }
    return c + 256;
  }

  @Override
  public String toString() {
    return (epoch > 0 ? epoch + ":" : "") + upstream + (revision.isEmpty() ? "" : "-" + revision);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

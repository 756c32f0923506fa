package dev.scratchjava.debian;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A suite's Release file: the hashes of its indices, which its signature vouches for. */
public final class ReleaseFile {
  /** What Release says of one index file. */
  public record Entry(String sha256, long size) {}

  private ReleaseFile() {}

  public static Optional<Entry> sha256(String release, String path) {
    List<Map<String, String>> paragraphs = Stanzas.readAll(new StringReader(release));
    if (paragraphs.isEmpty() || !paragraphs.get(0).containsKey("SHA256")) {
      return Optional.empty();
    }
    for (String line : paragraphs.get(0).get("SHA256").split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 3 && fields[2].equals(path)) {
        return Optional.of(new Entry(fields[0], Long.parseLong(fields[1])));
      }
    }
    return Optional.empty();
  }
}

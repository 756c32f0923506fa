package dev.scratchjava.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads deb822 paragraphs (Packages indices, control files, apt's .sources files): fields of
 * {@code Name: value}, continued on lines that start with white space, paragraphs separated by
 * blank lines. Field names are case-insensitive.
 */
public final class Stanzas {
  private Stanzas() {}

  public static List<Map<String, String>> readAll(Reader reader) {
    List<Map<String, String>> all = new ArrayList<>();
    read(reader, all::add);
    return all;
  }

  /** Hands each paragraph to {@code each} as it is read, so large indices need little memory. */
  public static void read(Reader reader, Consumer<Map<String, String>> each) {
    BufferedReader lines = new BufferedReader(reader);
    Map<String, String> fields = newParagraph();
    String last = null;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          if (!fields.isEmpty()) {
            each.accept(fields);
            fields = newParagraph();
          }
          last = null;
        } else if (line.startsWith("#")) {
          continue;
        } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
          if (last == null) {
            throw new IllegalArgumentException("continuation line before any field: " + line);
          }
          String value = fields.get(last);
          fields.put(last, value.isEmpty() ? line.strip() : value + "\n" + line.strip());
        } else {
          int colon = line.indexOf(':');
          if (colon <= 0) {
            throw new IllegalArgumentException("not a 'Field: value' line: " + line);
          }
          last = line.substring(0, colon).strip();
          fields.put(last, line.substring(colon + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!fields.isEmpty()) {
      each.accept(fields);
    }
  }

  private static Map<String, String> newParagraph() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }
}

package dev.scratchjava.debian;

import dev.scratchjava.support.CatalogException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A suite's signed Release text: which suite it describes, when it was made and until when it may
 * be used, and the hashes of its indices.
 *
 * @param what names the file in errors
 * @param names the suite's names ({@code Suite} and {@code Codename}: {@code stable-security} and
 *     {@code trixie-security})
 * @param date when the archive wrote it
 * @param validUntil after this it must not be used (security, updates and unstable suites carry it)
 * @param byHash whether the mirror also serves each index under its hash
 * @param sha256 each index file's hash and size, by path
 */
public record ReleaseFile(String what, Set<String> names, Instant date, Optional<Instant> validUntil,
    boolean byHash, Map<String, Entry> sha256) {
  /** What Release says of one index file. */
  public record Entry(String sha256, long size) {}

  /** Clocks differ a little; Debian never dates a Release ahead. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);
  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss z", Locale.ROOT);

  public static ReleaseFile parse(String what, String text) {
    List<Map<String, String>> paragraphs = Stanzas.readAll(new StringReader(text));
    if (paragraphs.isEmpty()) {
      throw new CatalogException(what + ": empty");
    }
    Map<String, String> fields = paragraphs.get(0);
    Set<String> names = new TreeSet<>();
    for (String field : List.of("Suite", "Codename")) {
      Optional.ofNullable(fields.get(field)).ifPresent(names::add);
    }
    if (!fields.containsKey("Date")) {
      throw new CatalogException(what + ": no Date field: cannot tell how old it is");
    }
    return new ReleaseFile(what, Set.copyOf(names), time(what, "Date", fields.get("Date")),
        Optional.ofNullable(fields.get("Valid-Until")).map(value -> time(what, "Valid-Until", value)),
        "yes".equalsIgnoreCase(fields.get("Acquire-By-Hash")), entries(what, fields.getOrDefault("SHA256", "")));
  }

  private static Map<String, Entry> entries(String what, String lines) {
    Map<String, Entry> entries = new HashMap<>();
    for (String line : lines.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 3 && fields[0].matches("[0-9a-f]{64}") && fields[1].matches("[0-9]{1,18}")) {
        entries.put(fields[2], new Entry(fields[0], Long.parseLong(fields[1])));
      } else if (!line.isBlank()) {
        throw new CatalogException(what + ": not a 'sha256 size path' line in SHA256: " + line.strip());
      }
    }
    return Map.copyOf(entries);
  }

  private static Instant time(String what, String field, String value) {
    try {
      return ZonedDateTime.parse(value, RFC_2822).toInstant();
    } catch (DateTimeParseException e) {
      throw new CatalogException(what + ": " + field + " '" + value + "' is not a date like 'Sat, 28 Nov 2026 02:53:01 UTC'");
    }
  }

  /**
   * Refuses a Release that describes another suite than the one it was served as, one dated in
   * the future, and one past its Valid-Until unless {@code expiredAllowed}: each is what a mirror
   * replaying old or foreign indices would serve.
   *
   * @return the Valid-Until it is past, when that was allowed
   */
  public Optional<Instant> check(String servedAs, Instant now, boolean expiredAllowed) {
    if (!names.contains(servedAs)) {
      throw new CatalogException(what + ": describes suite " + (names.isEmpty() ? "(none)" : String.join(" / ", names))
          + ", not '" + servedAs + "': the mirror serves another suite's index under this name");
    }
    if (date.isAfter(now.plus(CLOCK_SKEW))) {
      throw new CatalogException(what + ": dated " + date + ", in the future: check this machine's clock or the mirror");
    }
    Optional<Instant> expired = validUntil.filter(until -> until.isBefore(now));
    if (expired.isPresent() && !expiredAllowed) {
      throw new CatalogException(what + ": expired on " + expired.get() + " (Valid-Until): old indices"
          + " replayed, or a mirror that stopped syncing; for a snapshot mirror, give --allow-expired-index " + servedAs);
    }
    return expired;
  }

  public Optional<Entry> entry(String path) {
    return Optional.ofNullable(sha256.get(path));
  }
}

package dev.scratchjava.debian;

import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The wanted packages of one or more suites' Packages indices, and the newest build of each across
 * a choice of those suites, by Debian version ordering (a security suite usually carries a newer
 * build than its base suite).
 */
public final class PackageIndex {
  private final Set<String> wanted;
  private final Map<String, List<IndexEntry>> entries = new HashMap<>();
  private final Map<String, Instant> expired = new TreeMap<>();

  /** An index that keeps only {@code wanted} packages, so a 40 MB index costs little memory. */
  public PackageIndex(Set<String> wanted) {
    this.wanted = Set.copyOf(wanted);
  }

  /** Adds one suite's Packages index. */
  public PackageIndex add(String suite, Reader packages) {
    Stanzas.read(
        packages,
        fields -> {
          String name = fields.get("Package");
          if (name != null && wanted.contains(name)) {
            offer(IndexEntry.of(suite, fields));
          }
        });
    return this;
  }

  /** Records that {@code suite} was read although its Release expired at {@code validUntil}. */
  void readPastValidUntil(String suite, Instant validUntil) {
    expired.put(suite, validUntil);
  }

  /** The suites read past their Release's Valid-Until (allowed for snapshot mirrors), and when it was. */
  public Map<String, Instant> expired() {
    return Collections.unmodifiableMap(expired);
  }

  private void offer(IndexEntry entry) {
    entries.computeIfAbsent(entry.name(), name -> new ArrayList<>()).add(entry);
  }

  /** The newest build of {@code name} in any of {@code suites}. */
  public Optional<IndexEntry> newest(String name, Collection<String> suites) {
    return entries.getOrDefault(name, List.of()).stream()
        .filter(entry -> suites.contains(entry.suite()))
        .reduce(
            (a, b) -> Version.parse(b.version()).compareTo(Version.parse(a.version())) > 0 ? b : a);
  }
}

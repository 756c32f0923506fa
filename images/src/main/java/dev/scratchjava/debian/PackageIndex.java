package dev.scratchjava.debian;

import java.io.Reader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The newest build of each wanted package across one or more suites' Packages indices, by Debian
 * version ordering (a security suite usually carries a newer build than its base suite).
 */
public final class PackageIndex {
  private final Set<String> wanted;
  private final Map<String, IndexEntry> newest = new HashMap<>();

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

  private void offer(IndexEntry entry) {
    newest.merge(
        entry.name(), entry, (old, candidate) ->
            Version.parse(candidate.version()).compareTo(Version.parse(old.version())) > 0
                ? candidate
                : old);
  }

  public Optional<IndexEntry> newest(String name) {
    return Optional.ofNullable(newest.get(name));
  }
}

package dev.scratchjava.cli;

import dev.scratchjava.catalog.Definition;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Locking;
import dev.scratchjava.operations.Workspace;
import dev.scratchjava.support.CatalogException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "lock", mixinStandardHelpOptions = true,
    description = {"Reads the Debian suites, pins the newest build of every package and the digests"
        + " they build into IMAGE/image.lock.json, and prints what changed.",
        "An image with dumpCdsArchive gets its JDK's CDS archive dumped in the built image (Docker"
            + " engine needed; emulation for a foreign architecture) when its runtime package changed,"
            + " kept as IMAGE/cds-ARCH-SHA.jsa.gz.",
        "Each image is locked on its own: one that fails keeps its lock and files as they were, is named on"
            + " stderr, and makes the command exit 1 after the others are locked.",
        "With --check, changes nothing and exits 5 if the mirror has newer builds."})
final class LockCommand extends SourcedCommand {
  @Mixin ImageSelection images;

  @Option(names = "--all", description = "every image of the catalog (the same as naming none)")
  boolean all;

  @Option(names = "--check", description = "change nothing; exit 5 if a locked package has a newer build")
  boolean check;

  @Option(names = "--allow-expired-index", paramLabel = "SUITE",
      description = "read SUITE although its Release is past its Valid-Until, as a snapshot mirror serves it;"
          + " the lock records it (repeatable)")
  Set<String> expiredAllowed = new TreeSet<>();

  @Override
  ExitStatus run(Workspace workspace) {
    if (all && !images.named().isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "--all and image names exclude each other: give one or the other");
    }
    Locking locking = new Locking(workspace);
    if (check) {
      List<Locking.Stale> stale = locking.check(images.selection(), expiredAllowed);
      for (Locking.Stale one : stale) {
        out().println(one.image() + " " + one.arch() + " " + one.name() + ": locked " + one.locked()
            + ", the mirror has " + one.offered());
      }
      out().println(stale.isEmpty()
          ? "every lock is current"
          : stale.size() + " locked package(s) have newer builds: run ./catalog lock");
      List<Definition> ended = locking.supportEnded(images.selection(), LocalDate.now(ZoneOffset.UTC));
      for (Definition definition : ended) {
        out().println(definition.id() + ": Debian's security support for " + String.join(", ", definition.suites())
            + " ended on " + definition.securitySupportEnds() + ": rebuilds bring no more fixes; move to a newer image");
      }
      return !stale.isEmpty() ? ExitStatus.NEWER_PACKAGES
          : !ended.isEmpty() ? ExitStatus.SUPPORT_ENDED : ExitStatus.OK;
    }
    List<String> failed = new ArrayList<>();
    List<Locking.Outcome> outcomes = locking.lock(images.selection(), expiredAllowed);
    for (Locking.Outcome outcome : outcomes) {
      if (outcome.failure().isPresent()) {
        failed.add(outcome.image());
        err().println("catalog: error: " + outcome.image() + ": not locked: " + Main.errorLine(outcome.failure().get()));
      } else if (outcome.changes().isEmpty()) {
        out().println(outcome.image() + ": unchanged");
      } else {
        out().println(outcome.image() + ": wrote " + outcome.image() + "/image.lock.json");
        outcome.changes().forEach(change -> out().println("  " + outcome.image() + " " + change));
      }
    }
    if (!failed.isEmpty()) {
      throw new CatalogException(failed.size() + " of " + outcomes.size() + " images not locked (" + String.join(", ", failed)
          + "), each for the reason above; "
          + (failed.size() == outcomes.size() ? "no lock was written" : "the others were locked as printed"));
    }
    return ExitStatus.OK;
  }
}

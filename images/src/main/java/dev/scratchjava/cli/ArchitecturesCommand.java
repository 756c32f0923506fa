package dev.scratchjava.cli;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.operations.ExitStatus;
import dev.scratchjava.operations.Workspace;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "architectures", mixinStandardHelpOptions = true,
    description = {"Lists the architectures the catalog builds for, by their Debian, OCI, Java and"
        + " qemu names.",
        "With --emulated, only the qemu names of those this machine must emulate, one a line,"
        + " for scripts that set up binfmt."})
final class ArchitecturesCommand extends CatalogCommand {
  @Option(names = "--emulated", description = "only the qemu names of the architectures this machine is not")
  boolean emulated;

  @Override
  ExitStatus run(Workspace workspace) {
    Catalog catalog = workspace.catalog();
    Set<Architecture> used = new TreeSet<>();
    catalog.images().forEach(image -> catalog.definitions(image).forEach(d -> used.addAll(d.architectures())));
    if (!emulated) {
      out().printf("%-8s %-8s %-8s %-8s%n", "DEBIAN", "OCI", "JAVA", "QEMU");
    }
    for (Architecture arch : used) {
      if (!emulated) {
        out().printf("%-8s %-8s %-8s %-8s%n", arch.debian(), arch.oci(), arch.java(), arch.qemu());
      } else if (Architecture.host().filter(arch::equals).isEmpty()) {
        out().println(arch.qemu());
      }
    }
    return ExitStatus.OK;
  }
}

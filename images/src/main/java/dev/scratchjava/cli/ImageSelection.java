package dev.scratchjava.cli;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.operations.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** The images a command works on, and for those that take it, the architecture. */
public final class ImageSelection {
  @Parameters(paramLabel = "IMAGE", split = ",", arity = "0..*",
      description = "image folders, each with every variant (default: every image); may also come"
          + " comma-separated")
  List<String> images = new ArrayList<>();

  /** Images named in the arguments, blank ones (an empty build property) left out. */
  List<String> named() {
    return images.stream().map(String::strip).filter(image -> !image.isEmpty()).toList();
  }

  Selection selection() {
    return new Selection(named(), Optional.empty());
  }

  /** The {@code --arch} option, for the commands that build. */
  public static final class WithArch {
    @Mixin ImageSelection images;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "all", converter = ArchConverter.class,
        completionCandidates = ArchNames.class,
        description = "one architecture (${COMPLETION-CANDIDATES}) or all (default)")
    Architecture arch;

    public Selection selection() {
      return new Selection(images.named(), Optional.ofNullable(arch));
    }
  }

  /** What {@code --arch} takes, for the help text. */
  static final class ArchNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (Architecture arch : Architecture.values()) {
        names.add(arch.debian());
      }
      return names.iterator();
    }
  }

  /** An architecture by name, or null for {@code all}. */
  static final class ArchConverter implements ITypeConverter<Architecture> {
    @Override
    public Architecture convert(String value) {
      if (value.equals("all")) {
        return null;
      }
      return Architecture.find(value).orElseThrow(() -> new TypeConversionException(
          "'" + value + "' is not an architecture: " + Architecture.names() + " or all"));
    }
  }
}

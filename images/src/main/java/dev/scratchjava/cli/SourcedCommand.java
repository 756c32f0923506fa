package dev.scratchjava.cli;

import picocli.CommandLine.Mixin;

/** A command that reads packages: it takes the cache and mirror options. */
abstract class SourcedCommand extends CatalogCommand {
  @Mixin SourceOptions sources;

  @Override
  SourceOptions sources() {
    return sources;
  }
}

package dev.scratchjava.cli;

import dev.scratchjava.debian.Mirrors;
import dev.scratchjava.debian.PackageCache;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Where packages come from: the cache, and the Debian mirrors behind it. */
public final class SourceOptions {
  @Option(names = "--cache", paramLabel = "DIR",
      description = "the cache (default: $CATALOG_CACHE, else ~/.cache/scratchjava)")
  Path cache;

  @Option(names = Mirrors.MAIN_FLAG, paramLabel = "URL",
      description = "Debian archive (default: $" + Mirrors.MAIN_ENV + ", else the host's apt sources)")
  String mirror;

  @Option(names = Mirrors.SECURITY_FLAG, paramLabel = "URL",
      description = "Debian security archive (default: $" + Mirrors.SECURITY_ENV
          + ", else the host's apt sources)")
  String securityMirror;

  public Path cache() {
    return cache != null ? cache : PackageCache.defaultRoot();
  }

  /** The mirrors, configured only when something asks for them. */
  public Supplier<Mirrors> mirrors() {
    return () -> Mirrors.configure(mirror, securityMirror, System.getenv(), Path.of("/"));
  }
}

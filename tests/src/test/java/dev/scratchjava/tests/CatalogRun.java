package dev.scratchjava.tests;

import dev.scratchjava.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog command, run in this JVM as a user runs {@code ./catalog} on a catalog folder.
 *
 * @param status its exit status
 * @param printed all it printed, stdout and stderr as they came
 */
record CatalogRun(int status, String printed) {
  static CatalogRun in(Path root, String... args) {
    List<String> all = new ArrayList<>(List.of("--root", root.toString()));
    all.addAll(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int status = Main.run(all.toArray(String[]::new), print, print);
    return new CatalogRun(status, out.toString(StandardCharsets.UTF_8));
  }
}

package dev.scratchjava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scratchjava.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
  @Test
  void refusesABenchmarkWithoutRunsBeforeItStartsAnything() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.configure(new CommandLine(new BenchCommand()), System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8)).execute("--runs", "0");
    assertEquals(2, status);
    assertTrue(err.toString(StandardCharsets.UTF_8)
        .startsWith("catalog: --runs needs a positive whole number, not '0'"), err.toString(StandardCharsets.UTF_8));
  }
}

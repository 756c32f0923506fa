package dev.scratchjava.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessesTest {
  @Test
  void endsAProgramThatOutlivesItsTimeout() {
    long start = System.nanoTime();
    String message = assertThrows(CatalogException.class,
        () -> Processes.run(List.of("sleep", "6"), Duration.ofSeconds(1))).getMessage();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(message.contains("timed out after"), message);
    assertTrue(seconds < 4, "the timeout fired after " + seconds + " s");
  }

  @Test
  void collectsWhatAProgramPrintsOnBothStreams() {
    Processes.Output output =
        Processes.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(10));
    assertEquals(3, output.status());
    assertTrue(output.text().contains("out") && output.text().contains("err"), output.text());
  }
}

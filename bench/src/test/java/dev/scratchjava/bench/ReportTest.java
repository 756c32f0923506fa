package dev.scratchjava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static Report.Start start(long millis, double rss) {
    return new Report.Start(millis, rss, List.of(millis), null);
  }

  private static Report.Start start(long millis, double rss, long jvmMillis) {
    return new Report.Start(millis, rss, List.of(millis), jvmMillis);
  }

  private static String printed(List<Report.SpringRow> spring) {
    Report.Row row = new Report.Row("java25", "amd64", "openjdk-25-jre-headless 25", new Report.Figures(1, 1, 1, 1),
        null, null, null, start(400, 50), null, null, null, null, null);
    Report report = new Report("2026-12-05T00:00:00Z", new Report.Machine("Linux", "cpu", 2, 24, "20.10"),
        new Report.BuildTimes(1, 1, 0.01, true, 2), null, List.of(row), spring);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheSpringTableWithItsRatiosAndWhyRowsAreMissing() {
    String out = printed(List.of(
        new Report.SpringRow("java11", "amd64", null, null, null, null, null, "Spring Boot 4 needs Java 17 or later"),
        new Report.SpringRow("java25", "amd64", "aot-cache", start(2000, 150.2, 1500), start(800, 120.5, 600),
            start(2500, 151.0), start(1000, 121.0), null),
        new Report.SpringRow("java21", "amd64", "dynamic-cds", start(2000, 140, 1600), start(1400, 130), null, null,
            "no baseline: debootstrap failed")));
    List<String> lines = out.lines().toList();
    int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("IMAGE   ARCH   | recipe")).findFirst().orElseThrow());
    assertEquals("IMAGE   ARCH   | recipe      |     ours   ours+c     base   base+c | ours+c/ours  ours/base"
        + " ours+c/base+c |     ours   ours+c     base   base+c |     ours   ours+c ours+c/ours", lines.get(header));
    assertEquals("java25  amd64  | aot-cache   |     2000      800     2500     1000 |        0.40       0.80"
        + "          0.80 |    150.2    120.5    151.0    121.0 |     1500      600        0.40", lines.get(header + 1));
    assertEquals("java21  amd64  | dynamic-cds |     2000     1400        -        - |        0.70          -"
        + "             - |    140.0    130.0        -        - |     1600        -           -", lines.get(header + 2));
    assertTrue(lines.contains("not measured: java11 amd64: Spring Boot 4 needs Java 17 or later"), out);
    assertTrue(lines.contains("java21 amd64: no baseline: debootstrap failed"), out);
    assertFalse(out.contains("java11  amd64  |"), out);
  }

  @Test
  void printsNoSpringTableWithoutSpringRows() {
    assertFalse(printed(List.of()).contains("Spring Boot"));
  }
}

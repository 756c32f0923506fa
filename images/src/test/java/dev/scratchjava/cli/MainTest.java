package dev.scratchjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit statuses, one-line errors, and nothing written when a command fails. */
class MainTest {
  private static final String DEFINITION =
      """
      {"description": "test", "java": 17, "suites": ["bookworm"], "architectures": ["amd64"],
       "javaHome": "/usr/lib/jvm/jre", "licenses": "MIT",
       "packages": [{"name": "pkg", "keep": ["usr/lib/**"]}]}
      """;
  private static final String LOCK =
      """
      {"architectures": {"amd64": {"digest": "sha256:%s", "javaVersion": "17.0.1", "packages": [
        {"name": "pkg", "version": "1.0-1", "architecture": "amd64", "source": "pkg",
         "suite": "bookworm", "path": "pool/p/pkg_1.0-1_amd64.deb", "size": 100, "sha256": "%s"}]}}}
      """
          .formatted("a".repeat(64), "b".repeat(64));

  @TempDir Path root;

  private record Result(int status, String out, String err) {}

  private Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String previous = System.getProperty("catalog.root");
    System.setProperty("catalog.root", root.toString());
    try {
      int status =
          Main.run(
              args,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Result(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      if (previous == null) {
        System.clearProperty("catalog.root");
      } else {
        System.setProperty("catalog.root", previous);
      }
    }
  }

  private void image(String definition, String lock) throws IOException {
    Path folder = Files.createDirectories(root.resolve("java17"));
    Files.writeString(folder.resolve("image.json"), definition);
    Files.writeString(folder.resolve("image.lock.json"), lock);
  }

  private static long files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void printsUsageWithoutACommand() {
    Result result = run();
    assertEquals(0, result.status());
    assertTrue(result.out().contains("usage: ./catalog"), result.out());
  }

  @Test
  void exitsTwoOnAMistypedCommandLine() {
    Result result = run("biuld");
    assertEquals(2, result.status());
    assertTrue(result.err().startsWith("catalog: unknown command 'biuld'"), result.err());
  }

  @Test
  void refusesABenchmarkWithoutRuns() {
    Result result = run("bench", "--runs", "0");
    assertEquals(2, result.status());
    assertTrue(result.err().startsWith("catalog: --runs needs a positive whole number, not '0'"),
        result.err());
  }

  @Test
  void namesTheFileAndFieldOfABadDefinitionInOneLine() throws IOException {
    image(DEFINITION.replace("\"java\": 17,", ""), LOCK);
    Result result = run("build", "--no-load", "--cache", root.resolve("cache").toString());
    assertEquals(1, result.status());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(
        result.err().contains("java17/image.json") && result.err().contains("'java'"), result.err());
  }

  @Test
  void failsABuildWhoseMirrorLostThePackageAndWritesNothing() throws IOException {
    image(DEFINITION, LOCK);
    HttpServer mirror =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    mirror.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    mirror.start();
    try {
      String url = "http://127.0.0.1:" + mirror.getAddress().getPort() + "/debian";
      Result result =
          run("build", "--no-load", "--mirror", url, "--cache", root.resolve("cache").toString());
      assertEquals(1, result.status());
      assertTrue(
          result.err().startsWith("catalog: error: package pkg 1.0-1: not found on the mirror"),
          result.err());
      assertEquals(1, result.err().strip().lines().count(), result.err());
      assertEquals(0, files(root.resolve("cache")), "nothing in the cache");
      assertEquals(0, files(root.resolve("target")), "nothing in target/");
    } finally {
      mirror.stop(0);
    }
  }

  @Test
  void refusesAMalformedLockNamingIt() throws IOException {
    image(DEFINITION, LOCK.replace("\"javaVersion\": \"17.0.1\", ", ""));
    Result result = run("build", "--no-load", "--cache", root.resolve("cache").toString());
    assertEquals(1, result.status());
    assertTrue(
        result.err().contains("image.lock.json") && result.err().contains("'javaVersion'"),
        result.err());
    assertFalse(Files.exists(root.resolve("target/images")));
  }
}

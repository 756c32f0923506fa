package dev.scratchjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.scratchjava.operations.ExitStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit statuses, one-line errors, and nothing written when a command fails. */
class MainTest {
  private static final String DEFINITION =
      """
      {"description": "test", "java": 17, "release": "test", "architectures": ["amd64"],
       "javaHome": "/usr/lib/jvm/jre", "licenses": "MIT",
       "packages": [{"name": "pkg", "keep": ["usr/lib/**"]}]}
      """;
  private static final String LOCK =
      """
      {"architectures": {"amd64": {"digest": "sha256:%s", "version": "17.0.1", "packages": [
        {"name": "pkg", "version": "1.0-1", "architecture": "amd64", "source": "pkg",
         "suite": "bookworm", "path": "pool/p/pkg_1.0-1_amd64.deb", "size": 100, "sha256": "%s"}]}}}
      """
          .formatted("a".repeat(64), "b".repeat(64));

  @TempDir Path root;

  private record Result(int status, String out, String err) {}

  private Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] withRoot = new String[args.length + 2];
    withRoot[0] = "--root";
    withRoot[1] = root.toString();
    System.arraycopy(args, 0, withRoot, 2, args.length);
    int status =
        Main.run(
            withRoot,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void image(String definition, String lock) throws IOException {
    Files.writeString(Files.createDirectories(root.resolve("releases")).resolve("test.json"),
        "{\"version\": \"12\", \"suites\": [\"bookworm\"], \"securitySupportEnds\": \"2028-06-30\", \"packages\": [{\"name\": \"pkg\"}]}");
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
    assertTrue(result.out().contains("Usage: ./catalog"), result.out());
  }

  @Test
  void listsEveryCommandAndExitStatusInItsHelp() {
    Result result = run("--help");
    assertEquals(0, result.status());
    for (String command : List.of("build", "lock", "push", "verify", "sbom", "generate")) {
      assertTrue(result.out().contains("  " + command + " "), command + " in:\n" + result.out());
    }
    for (ExitStatus status : ExitStatus.values()) {
      assertTrue(result.out().contains(status.code() + "   " + status.meaning()), status + " in:\n" + result.out());
    }
  }

  @Test
  void answersHelpForEachCommandWithItsOwnOptions() {
    Result build = run("build", "--help");
    assertEquals(0, build.status());
    assertTrue(build.out().contains("Usage: ./catalog build") && build.out().contains("--no-load")
        && build.out().contains("--arch"), build.out());
    assertFalse(build.out().contains("--registry"), "push's option is not build's:\n" + build.out());
    Result lock = run("help", "lock");
    assertTrue(lock.out().contains("--check") && lock.out().contains("Exit statuses"), lock.out());
  }

  @Test
  void theReadmesUsageAndExitStatusesAreWhatTheCommandLineSays() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"--root", "..", "generate", "--check"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertEquals(0, status, "stale generated parts: run ./catalog generate\n" + out);
  }

  @Test
  void exitsTwoOnAMistypedCommandLine() {
    Result result = run("biuld");
    assertEquals(2, result.status());
    assertTrue(result.err().startsWith("catalog: unknown command 'biuld'"), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
  }

  @Test
  void refusesAnOptionOfAnotherCommand() {
    Result result = run("build", "--registry", "127.0.0.1:5000/x");
    assertEquals(2, result.status());
    assertTrue(result.err().contains("--registry") && result.err().contains("./catalog build --help"),
        result.err());
  }

  @Test
  void refusesToLockAllAndOneImageAtOnce() throws IOException {
    image(DEFINITION, LOCK);
    Result result = run("lock", "--all", "java17");
    assertEquals(2, result.status());
    assertTrue(result.err().startsWith("catalog: --all and image names exclude each other"), result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
  }

  @Test
  void refusesAnUnknownArchitectureNamingTheChoices() {
    Result result = run("build", "--arch", "mips");
    assertEquals(2, result.status());
    assertTrue(result.err().contains("'mips' is not an architecture: amd64, arm64"), result.err());
  }

  @Test
  void namesAnOptionGivenBeforeTheCommandAsAnOption() {
    Result result = run("--mirror", "http://127.0.0.1:1/", "lock");
    assertEquals(2, result.status());
    assertFalse(result.err().contains("unknown command"), result.err());
    assertTrue(result.err().contains("--mirror"), result.err());
  }

  @Test
  void refusesAnArchitectureNoSelectedImageIsBuiltFor() throws IOException {
    image(DEFINITION, LOCK);
    Result result = run("build", "--no-load", "--arch", "s390x", "--cache", root.resolve("cache").toString());
    assertEquals(1, result.status());
    assertTrue(result.err().contains("no selected image is built for s390x"), result.err());
  }

  @Test
  void pushNeedsARegistry() {
    Result result = run("push");
    assertEquals(2, result.status());
    assertTrue(result.err().contains("--registry"), result.err());
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

  /** Runs {@code args} and then a mirror that answers 404 to everything, given as --mirror. */
  private Result runWithEmptyMirror(String... args) throws IOException {
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
      return run(Stream.concat(Stream.of(args), Stream.of("--mirror", url)).toArray(String[]::new));
    } finally {
      mirror.stop(0);
    }
  }

  @Test
  void failsABuildWhoseMirrorLostThePackageAndWritesNothing() throws IOException {
    image(DEFINITION, LOCK);
    Result result = runWithEmptyMirror("build", "--no-load", "--cache", root.resolve("cache").toString());
    assertEquals(1, result.status());
    assertTrue(
        result.err().startsWith("catalog: error: package pkg 1.0-1: not found on the mirror"),
        result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertEquals(0, files(root.resolve("cache")), "nothing in the cache");
    assertEquals(0, files(root.resolve("target")), "nothing in target/");
  }

  @Test
  void locksEveryImageOnItsOwnAndNamesEachOneThatFailed() throws IOException {
    image(DEFINITION, LOCK);
    Path java21 = Files.createDirectories(root.resolve("java21"));
    Files.writeString(java21.resolve("image.json"), DEFINITION.replace("\"java\": 17", "\"java\": 21"));
    Files.writeString(java21.resolve("image.lock.json"), LOCK);
    Path keys = Files.createDirectories(root.resolve("keys"));
    for (String file : List.of("debian-archive-keys.asc", "suites.json")) {
      Files.copy(Path.of("..", "keys", file), keys.resolve(file));
    }
    Result result = runWithEmptyMirror("lock", "--all", "--cache", root.resolve("cache").toString());
    assertEquals(1, result.status(), result.err());
    List<String> lines = result.err().strip().lines().toList();
    assertEquals(3, lines.size(), result.err());
    assertTrue(lines.get(0).startsWith("catalog: error: java17: not locked: ")
        && lines.get(0).contains("not found on the mirror"), lines.get(0));
    assertTrue(lines.get(1).startsWith("catalog: error: java21: not locked: "), lines.get(1));
    assertEquals("catalog: error: 2 of 2 images not locked (java17, java21), each for the reason above;"
        + " no lock was written", lines.get(2));
    assertEquals(LOCK, Files.readString(root.resolve("java17/image.lock.json")));
    assertEquals(LOCK, Files.readString(java21.resolve("image.lock.json")));
  }

  @Test
  void refusesAMalformedLockNamingIt() throws IOException {
    image(DEFINITION, LOCK.replace("\"version\": \"17.0.1\", ", ""));
    Result result = run("build", "--no-load", "--cache", root.resolve("cache").toString());
    assertEquals(1, result.status());
    assertTrue(
        result.err().contains("image.lock.json") && result.err().contains("'version'"),
        result.err());
    assertFalse(Files.exists(root.resolve("target/images")));
  }
}

package dev.scratchjava.bench;

import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Processes;
import dev.scratchjava.rootfs.Contract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the benchmark's app and times it from the command that starts it to its first HTTP 200,
 * then reads the resident memory of its JVM: in a container of an image, or straight on the host
 * (chrooted into a baseline's root, so that it is the same JRE without a container).
 */
final class Startup {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final Duration DOCKER = Duration.ofMinutes(2);

  /** Spring Boot's start line: the JVM's uptime when the application had started. */
  private static final Pattern SPRING_STARTED = Pattern.compile("Started .* \\(process running for ([0-9.]+)\\)");

  /**
   * One start: seconds to the first 200, the JVM's resident set then, in bytes, and for a Spring
   * Boot app the JVM's own seconds to started ("process running for"), which leave out the
   * container's start and the first request.
   */
  record Sample(double seconds, long rss, Optional<Double> jvmSeconds) {}

  private Startup() {}

  /**
   * The app in a container of {@code reference}, whose entrypoint is java; classes in {@code app}.
   * {@code asOurs} runs it with our images' user and locale, which other images lack.
   */
  static Sample inContainer(String reference, Path app, boolean asOurs) {
    List<String> options = new ArrayList<>(List.of("--volume", app + ":/bench:ro"));
    if (asOurs) {
      options.addAll(List.of("--user", Contract.USER, "--env", "LANG=" + Contract.LANG));
    }
    return inContainer(reference, options, List.of("-cp", "/bench", "HelloHttp", "8080"), false);
  }

  /**
   * The app built into {@code reference}, whose entrypoint starts it, listening on 8080: given
   * {@code arguments} (the port for the small app).
   */
  static Sample ofImage(String reference, List<String> arguments) {
    return inContainer(reference, List.of(), arguments, false);
  }

  /** The Spring Boot app built into {@code reference}, whose CMD starts it, listening on 8080. */
  static Sample ofSpringImage(String reference) {
    return inContainer(reference, List.of(), List.of(), true);
  }

  private static Sample inContainer(String reference, List<String> options, List<String> arguments, boolean spring) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of("docker", "run", "--detach", "--publish",
        "127.0.0.1:" + port + ":8080"));
    command.addAll(options);
    command.add(reference);
    command.addAll(arguments);
    long start = System.nanoTime();
    // The ID is the last line: the engine may warn first, e.g. that arm64 is not its own platform.
    List<String> printed = Processes.check(command, DOCKER, "docker run " + reference).strip().lines().toList();
    String id = printed.get(printed.size() - 1);
    try {
      double seconds = untilOk(port, start, () -> {});
      String pid = Processes.check(List.of("docker", "inspect", "--format", "{{.State.Pid}}", id),
          DOCKER, "docker inspect " + id).strip();
      long rss = rss(Long.parseLong(pid));
      return new Sample(seconds, rss, spring ? Optional.of(springStarted(id)) : Optional.empty());
    } finally {
      Processes.run(List.of("docker", "rm", "--force", id), DOCKER);
    }
  }

  /**
   * The app run by the JRE of a root folder, chrooted, without a container, with our images'
   * user and locale. The root gets its own /proc while it runs: the dynamic loader finds libjli
   * through it.
   */
  static Sample onHost(Path root, Path app) {
    copyApp(app, root.resolve("bench"));
    Path proc = root.resolve("proc");
    Processes.check(List.of("mount", "-t", "proc", "proc", proc.toString()), DOCKER, "mount " + proc);
    Path output = null;
    Process java = null;
    try {
      output = Files.createTempFile("bench-host", ".log");
      int port = freePort();
      long start = System.nanoTime();
      List<String> command = new ArrayList<>(List.of("chroot", "--userspec=" + Contract.USER, root.toString()));
      command.addAll(Contract.ENTRYPOINT);
      command.addAll(List.of("-cp", "/bench", "HelloHttp", String.valueOf(port)));
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(output.toFile());
      // The same user, locale and JVM defaults as in our images, and nothing else of the benchmark's own.
      builder.environment().clear();
      builder.environment().put("PATH", "/usr/bin:/bin");
      builder.environment().put("LANG", Contract.LANG);
      java = builder.start();
      Process running = java;
      Path log = output;
      double seconds = untilOk(port, start, () -> {
        if (!running.isAlive()) {
          throw new CatalogException("java in " + root + " exited " + running.exitValue() + ": "
              + read(log));
        }
      });
      return new Sample(seconds, rss(java.pid()), Optional.empty());
    } catch (IOException e) {
      throw new CatalogException("cannot run java in " + root + ": " + e.getMessage());
    } finally {
      if (java != null) {
        java.destroyForcibly();
        try {
          java.waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Processes.run(List.of("umount", proc.toString()), DOCKER);
      AtomicFiles.deleteQuietly(output);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "(no output)";
    }
  }

  /** Seconds from {@code start} to the first 200 on {@code port}; {@code check} fails early. */
  private static double untilOk(int port, long start, Runnable check) {
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    while (System.nanoTime() - start < PATIENCE.toNanos()) {
      check.run();
      try {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(5000);
        if (connection.getResponseCode() == 200) {
          return (System.nanoTime() - start) / 1e9;
        }
      } catch (IOException notYet) {
        // Not listening yet (or the engine's proxy closed the connection): ask again shortly.
      }
      pause();
    }
    throw new CatalogException("no HTTP 200 on port " + port + " within " + PATIENCE);
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
    }
  }

  /**
   * The seconds of Spring Boot's start line in the container's output. Its web server answers a
   * moment before the line is written, so the line is looked for again for a while.
   */
  private static double springStarted(String id) {
    for (int attempt = 0; attempt < 200; attempt++) {
      Matcher started = SPRING_STARTED.matcher(Processes.run(List.of("docker", "logs", id), DOCKER).text());
      if (started.find()) {
        return Double.parseDouble(started.group(1));
      }
      pause();
    }
    throw new CatalogException(id + ": answered, but printed no Spring Boot start line (\"Started ... (process running for"
        + " S)\")");
  }

  private static long rss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("resident memory of process " + pid + ": " + e.getMessage(), e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyApp(Path app, Path target) {
    try {
      Files.createDirectories(target);
      try (var classes = Files.list(app)) {
        for (Path file : classes.toList()) {
          Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

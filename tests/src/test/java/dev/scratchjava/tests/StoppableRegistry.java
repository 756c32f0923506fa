package dev.scratchjava.tests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry of a test's own that the test can stop at a chosen request: Debian's
 * {@code docker-registry} (distribution) serving a folder on a free loopback port, reached through
 * a proxy in this JVM.
 *
 * <p>Why this shape. The stop must fall on the same point of a push in every run, and the registry
 * itself tells nothing before it answers (it logs a request once it has served it), so the proxy
 * reads every request before the registry gets it, holds the chosen one, kills the registry
 * process (SIGKILL: it cannot finish what it was writing, as in a crash or a lost machine) and
 * cuts every connection. {@link #restart} starts the registry again on the same folder, which then
 * holds what a real registry keeps after such a stop. A folder of its own, not the suite's
 * registry: every tag in it is one the test pushed.
 */
final class StoppableRegistry implements Closeable {
  /** A request as the proxy sees it, before the registry does. */
  record Request(String method, String path) {
    boolean putsManifest() {
      return method.equals("PUT") && path.contains("/manifests/");
    }

    /** A blob's bytes on their way: jib-core sends each blob in one PATCH. */
    boolean uploadsBlob() {
      return method.equals("PATCH") && path.contains("/blobs/uploads/");
    }

    /** The last part of the path: of a manifest request, the tag or digest. */
    String reference() {
      String plain = path.replaceFirst("\\?.*", "");
      return plain.substring(plain.lastIndexOf('/') + 1);
    }
  }

  /** What clients meet while the registry is stopped. */
  enum Outage {
    /** Refused connections: a registry reached on its own port, as on loopback. */
    REFUSED,
    /**
     * 502 Bad Gateway to every request: a registry behind a reverse proxy, as most are. Also the
     * quick one for jib-core, which retries a refused or cut connection for about a minute
     * (measured: 57 s) before it gives up, but not an answer.
     */
    BAD_GATEWAY
  }

  /**
   * Where to stop the registry.
   *
   * @param at whether this request is where, given those the registry received before it since
   *     {@link #stopAt}
   * @param bodyBytes how much of the chosen request's body the registry receives before it stops;
   *     0 stops it before the request reaches it, and a request whose body is shorter is not chosen
   * @param outage what clients meet once it stopped
   */
  record Stop(BiPredicate<List<Request>, Request> at, long bodyBytes, Outage outage) {}

  private static final Duration START = Duration.ofSeconds(30);
  private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length: *(\\d+)");
  private static final byte[] BAD_GATEWAY =
      "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final Path folder;
  private final Path config;
  private final int registryPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Request> seen = new ArrayList<>();
  private ServerSocket proxy;
  private Process process;
  private Stop stop;
  private boolean stopped;

  private StoppableRegistry(Path folder, int registryPort) throws IOException {
    this.folder = folder;
    this.registryPort = registryPort;
    this.config = folder.resolve("config.yml");
    Files.writeString(config, String.join("\n",
        "version: 0.1",
        "log:",
        "  level: warn",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + folder.resolve("storage"),
        "http:",
        "  addr: 127.0.0.1:" + registryPort,
        ""));
  }

  /** Starts a registry storing into {@code folder}, and the proxy in front of it. */
  static StoppableRegistry start(Path folder) throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    StoppableRegistry registry = new StoppableRegistry(folder, port);
    registry.restart();
    return registry;
  }

  /** {@code 127.0.0.1:PORT}: the proxy, where clients reach the registry. */
  synchronized String address() {
    return "127.0.0.1:" + proxy.getLocalPort();
  }

  /** Stops the registry at the first request {@code stop} chooses from now on. */
  synchronized void stopAt(Stop stop) {
    this.stop = stop;
    this.stopped = false;
    seen.clear();
  }

  /** Whether the registry was stopped since {@link #stopAt}. */
  synchronized boolean stopped() {
    return stopped;
  }

  /** Starts the registry (again) on its folder and port, waits until it answers, and lets clients in. */
  synchronized void restart() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the registry is running");
    }
    Path log = folder.resolve("registry.log");
    try {
      process = new ProcessBuilder("docker-registry", "serve", config.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    } catch (IOException e) {
      throw new IOException("cannot start docker-registry (Debian's package docker-registry; .ci/run installs it): "
          + e.getMessage(), e);
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registryPort + "/v2/")).build();
    for (Instant deadline = Instant.now().plus(START); Instant.now().isBefore(deadline) && process.isAlive(); ) {
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          listen();
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the registry", e);
      }
      sleep(100);
    }
    String last = Files.readAllLines(log).stream().reduce((a, b) -> b).orElse("no output");
    throw new IOException("docker-registry did not answer on 127.0.0.1:" + registryPort + " within " + START
        + " (" + log + ": " + last + ")");
  }

  @Override
  public synchronized void close() {
    kill(Outage.REFUSED);
  }

  /** Takes clients in: on a free port the first time, then on the same one. */
  private void listen() throws IOException {
    if (proxy != null && !proxy.isClosed()) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy == null ? 0 : proxy.getLocalPort()));
    proxy = socket;
    Thread accepting = new Thread(() -> accept(socket), "registry proxy");
    accepting.setDaemon(true);
    accepting.start();
  }

  /** The stop {@link #stopAt} asked for. */
  private synchronized void stopNow() {
    kill(stop.outage());
  }

  /** Kills the registry at once and cuts every connection to it; new ones meet {@code outage}. */
  private synchronized void kill(Outage outage) {
    stopped = true;
    if (outage == Outage.REFUSED && proxy != null) {
      closeQuietly(proxy);
    }
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    open.forEach(StoppableRegistry::closeQuietly);
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread connection = new Thread(() -> serve(client), "registry proxy connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        // Closed: the registry was stopped, or the test is over.
      }
    }
  }

  /** One client connection: its requests go to the registry one by one, its answers come back as they are. */
  private void serve(Socket client) {
    open.add(client);
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      Socket registry;
      try {
        registry = new Socket(InetAddress.getLoopbackAddress(), registryPort);
      } catch (IOException e) {
        // Stopped, and still taking clients in: a reverse proxy with nothing behind it.
        badGateway(in, client.getOutputStream());
        return;
      }
      open.add(registry);
      try (registry) {
        Thread answers = new Thread(() -> pipe(registry, client), "registry proxy answers");
        answers.setDaemon(true);
        answers.start();
        forward(in, registry.getOutputStream());
      } finally {
        open.remove(registry);
      }
    } catch (IOException e) {
      // Either side closed, or the registry was stopped: the client sees the connection end.
    } finally {
      open.remove(client);
    }
  }

  /** Passes requests on until the connection ends or the registry is stopped at one. */
  private void forward(InputStream in, OutputStream out) throws IOException {
    in.mark(1);
    int first = in.read();
    in.reset();
    if (first < 'A' || first > 'Z') {
      // Not HTTP, such as a TLS handshake of a client trying HTTPS first: passed on as it is.
      in.transferTo(out);
      return;
    }
    for (Optional<String> head = head(in); head.isPresent(); head = head(in)) {
      String[] line = head.get().substring(0, head.get().indexOf("\r\n")).split(" ");
      long limit = chosen(new Request(line[0], line[1]));
      if (limit == 0) {
        stopNow();
        return;
      }
      out.write(head.get().getBytes(StandardCharsets.ISO_8859_1));
      if (!body(head.get(), new Body(in, out, limit))) {
        stopNow();
        return;
      }
      out.flush();
    }
  }

  /** Answers every request with 502, each read to its end, so that no client is cut off while it sends. */
  private static void badGateway(InputStream in, OutputStream out) throws IOException {
    for (Optional<String> head = head(in); head.isPresent(); head = head(in)) {
      body(head.get(), new Body(in, OutputStream.nullOutputStream(), -1));
      out.write(BAD_GATEWAY);
      out.flush();
    }
  }

  /**
   * Records a request; how much of its body may pass before the registry stops: 0 for none, -1
   * when it is not where the registry stops.
   */
  private synchronized long chosen(Request request) {
    boolean at = stop != null && !stopped && stop.at().test(List.copyOf(seen), request);
    seen.add(request);
    return at ? stop.bodyBytes() : -1;
  }

  /** Passes a request's body on, as long or as chunked as its head says; false when it reached its limit. */
  private static boolean body(String head, Body body) throws IOException {
    String headers = head.toLowerCase(Locale.ROOT);
    if (headers.contains("\r\ntransfer-encoding: chunked")) {
      for (long size = body.chunkSize(); size > 0; size = body.chunkSize()) {
        if (!body.copy(size)) {
          return false;
        }
        body.line();
      }
      // The trailer, up to its empty line.
      while (!body.line().isEmpty()) {
        continue;
      }
      return true;
    }
    Matcher length = CONTENT_LENGTH.matcher(headers);
    return !length.find() || body.copy(Long.parseLong(length.group(1)));
  }

  /** A request body on its way, which may pass only {@code limit} bytes (-1: all of it). */
  private static final class Body {
    private final InputStream in;
    private final OutputStream out;
    private final long limit;
    private long passed;

    Body(InputStream in, OutputStream out, long limit) {
      this.in = in;
      this.out = out;
      this.limit = limit;
    }

    /** Passes {@code size} bytes on; false when the limit was reached in the middle of them. */
    boolean copy(long size) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      for (long left = size; left > 0; ) {
        int wanted = (int) Math.min(buffer.length, limit > 0 ? Math.min(left, limit - passed) : left);
        int read = in.read(buffer, 0, wanted);
        if (read < 0) {
          throw new IOException("the client closed the connection in the middle of a body");
        }
        out.write(buffer, 0, read);
        left -= read;
        passed += read;
        if (limit > 0 && passed >= limit) {
          out.flush();
          return false;
        }
      }
      return true;
    }

    /** Passes the line that starts a chunk on, and returns the chunk's size. */
    long chunkSize() throws IOException {
      return Long.parseLong(line().replaceFirst(";.*", ""), 16);
    }

    /** Passes one line of chunked framing on, and returns it without its line end. */
    String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the client closed the connection in the middle of a body");
        }
        line.write(b);
      }
      out.write(line.toByteArray());
      out.write('\n');
      return line.toString(StandardCharsets.ISO_8859_1).strip();
    }
  }

  /** A request's head, through its empty line, or empty at the end of the connection. */
  private static Optional<String> head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.write(b);
      last4 = last4 << 8 | b;
      if (last4 == 0x0d0a0d0a) {
        return Optional.of(head.toString(StandardCharsets.ISO_8859_1));
      }
    }
    return Optional.empty();
  }

  private static void pipe(Socket from, Socket to) {
    try (from; to) {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // Either side closed.
    }
  }

  private static void closeQuietly(Closeable socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.scratchjava.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scratchjava.debian.PackageCache;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few calls of the registry protocol that jib-core does not make for us: reading which
 * digest a tag points to, and writing manifests (our multi-arch index, and tags moved onto
 * manifests already pushed). Loopback registries are spoken to over plain HTTP.
 */
public final class Registry {
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String ACCEPT =
      String.join(", ", OCI_INDEX,
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  /** 127.0.0.0/8 written as an address, not a name that merely starts like one. */
  private static final Pattern LOOPBACK_V4 =
      Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  /** A manifest as the registry stores it. */
  public record Manifest(byte[] bytes, String mediaType, String digest) {}

  /** A user name and password (or token), never printed. */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[" + username + ", ****]";
    }
  }

  private final String host;
  private final String namespace;
  private final Optional<Credentials> credentials;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
  private String authorization;

  /** @param location {@code HOST[:PORT]/NAMESPACE}, the place images are pushed below */
  public Registry(String location, Optional<Credentials> credentials) {
    int slash = location.indexOf('/');
    if (slash <= 0 || slash == location.length() - 1) {
      throw new CatalogException("--registry '" + location + "' must be HOST[:PORT]/NAMESPACE");
    }
    this.host = location.substring(0, slash);
    this.namespace = location.substring(slash + 1).replaceAll("/+$", "");
    this.credentials = credentials;
  }

  /** {@code HOST[:PORT]}, as Docker's configuration names the registry. */
  public String host() {
    return host;
  }

  /** Whether the registry is on this machine, where plain HTTP is the norm and safe. */
  public boolean isLoopback() {
    String name = host.replaceFirst(":\\d+$", "");
    return name.equals("localhost") || name.equals("[::1]") || LOOPBACK_V4.matcher(name).matches();
  }

  /** The full name of an image in this registry, e.g. {@code 127.0.0.1:5000/ns/java17}. */
  public String repository(String image) {
    return host + "/" + namespace + "/" + image;
  }

  /**
   * Credentials for {@code host}: REGISTRY_USERNAME and REGISTRY_PASSWORD, else the
   * {@code auths} entry of Docker's config.json.
   */
  public static Optional<Credentials> credentials(String location, Map<String, String> env, Path dockerConfig) {
    String user = env.get("REGISTRY_USERNAME");
    String password = env.get("REGISTRY_PASSWORD");
    if (user != null && password != null) {
      return Optional.of(new Credentials(user, password));
    }
    String registryHost = location.contains("/") ? location.substring(0, location.indexOf('/')) : location;
    try {
      if (!Files.isRegularFile(dockerConfig)) {
        return Optional.empty();
      }
      JsonNode auth = JSON.readTree(dockerConfig.toFile()).path("auths").path(registryHost).path("auth");
      if (auth.isMissingNode() || auth.asText().isEmpty()) {
        return Optional.empty();
      }
      String decoded = new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? Optional.empty()
          : Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    } catch (IOException | IllegalArgumentException e) {
      throw new CatalogException(dockerConfig + ": cannot read registry credentials: " + e.getMessage());
    }
  }

  /** Docker's {@code config.json}: in {@code $DOCKER_CONFIG}, else in {@code $HOME/.docker}. */
  public static Path dockerConfig(Map<String, String> env) {
    String folder = env.get("DOCKER_CONFIG");
    return (folder != null && !folder.isBlank() ? Path.of(folder) : PackageCache.home(env).resolve(".docker"))
        .resolve("config.json");
  }

  /** The digest {@code tag} points to, or empty when the registry has no such tag. */
  public Optional<String> digest(String image, String tag) {
    HttpResponse<byte[]> response = send(image, tag, "HEAD", null, null);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "read tag " + image + ":" + tag);
    // The header is optional: without it the tag still exists, and its manifest says what it is.
    return Optional.of(response.headers().firstValue("Docker-Content-Digest")
        .orElseGet(() -> manifest(image, tag).digest()));
  }

  /** A manifest by tag or by digest; one asked for by digest must hash to it. */
  public Manifest manifest(String image, String reference) {
    HttpResponse<byte[]> response = send(image, reference, "GET", null, null);
    expect(response, 200, "read manifest " + image + "@" + reference);
    String mediaType = response.headers().firstValue("Content-Type").orElse("");
    String digest = Hashing.digest(response.body());
    if (reference.startsWith("sha256:") && !digest.equals(reference)) {
      throw new CatalogException(repository(image) + "@" + reference + ": the registry answered with a manifest"
          + " whose digest is " + digest);
    }
    return new Manifest(response.body(), mediaType, digest);
  }

  /** Points {@code tag} at a manifest; the registry checks the manifest's references exist. */
  public void put(String image, String tag, byte[] manifest, String mediaType) {
    HttpResponse<byte[]> response = send(image, tag, "PUT", manifest, mediaType);
    expect(response, 201, "write " + image + ":" + tag);
  }

  private HttpResponse<byte[]> send(
      String image, String reference, String method, byte[] body, String mediaType) {
    URI uri =
        URI.create((isLoopback() ? "http://" : "https://") + host + "/v2/" + namespace + "/" + image
            + "/manifests/" + reference);
    for (int attempt = 0; attempt < 2; attempt++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", ACCEPT);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      if (body != null) {
        request.header("Content-Type", mediaType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> response = call(request.build());
      if (response.statusCode() != 401 || attempt == 1) {
        return response;
      }
      authorize(response.headers().firstValue("WWW-Authenticate").orElse(""), image);
    }
    throw new IllegalStateException("unreachable");
  }

  /** Answers a 401: Basic with the credentials, or Bearer with a token fetched using them. */
  private void authorize(String challenge, String image) {
    Credentials creds =
        credentials.orElseThrow(
            () -> new CatalogException("registry " + host + " asks for credentials: set"
                + " REGISTRY_USERNAME and REGISTRY_PASSWORD, or docker login " + host));
    String basic =
        "Basic " + Base64.getEncoder().encodeToString(
            (creds.username() + ":" + creds.password()).getBytes(StandardCharsets.UTF_8));
    if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
      authorization = basic;
      return;
    }
    Matcher params = PARAM.matcher(challenge);
    String realm = null;
    StringBuilder query = new StringBuilder();
    while (params.find()) {
      if (params.group(1).equals("realm")) {
        realm = params.group(2);
      } else if (params.group(1).equals("service")) {
        query.append(query.length() == 0 ? "?" : "&").append("service=").append(params.group(2));
      }
    }
    if (realm == null) {
      throw new CatalogException("registry " + host + " sent an unknown challenge: " + challenge);
    }
    query.append(query.length() == 0 ? "?" : "&").append("scope=repository:")
        .append(namespace).append('/').append(image).append(":pull,push");
    HttpResponse<byte[]> token =
        call(HttpRequest.newBuilder(URI.create(realm + query)).header("Authorization", basic).GET().build());
    if (token.statusCode() != 200) {
      throw new CatalogException("registry " + host + " refused the credentials (" + token.statusCode() + ")");
    }
    try {
      JsonNode json = JSON.readTree(token.body());
      String value = json.hasNonNull("token") ? json.get("token").asText() : json.path("access_token").asText();
      authorization = "Bearer " + value;
    } catch (IOException e) {
      throw new CatalogException("registry " + host + ": unreadable token answer");
    }
  }

  private HttpResponse<byte[]> call(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // The HTTP client's exception for a refused connection has no message.
      String why = e.getMessage() != null ? e.getMessage()
          : e instanceof ConnectException ? "cannot connect" : e.getClass().getSimpleName();
      throw new CatalogException("registry " + host + " is unreachable: " + why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("interrupted");
    }
  }

  private void expect(HttpResponse<byte[]> response, int status, String what) {
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new CatalogException("registry " + host + " refused to " + what + " ("
          + response.statusCode() + "): check the credentials");
    }
    if (response.statusCode() != status) {
      String body = new String(response.body(), StandardCharsets.UTF_8).strip();
      throw new CatalogException("registry " + host + " could not " + what + " ("
          + response.statusCode() + (body.isEmpty() ? "" : ": " + body.lines().findFirst().orElse("")) + ")");
    }
  }
}

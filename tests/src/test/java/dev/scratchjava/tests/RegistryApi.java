package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The calls of the registry protocol the tests make themselves, not through the code under test:
 * what a tag resolves to, and the uploads that give a registry a state to start from.
 *
 * @param location {@code HOST:PORT/NAMESPACE}, on loopback, so plain HTTP
 */
record RegistryApi(String location) {
  private static final String ACCEPT = String.join(", ",
      "application/vnd.oci.image.index.v1+json",
      "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json");
  // HTTP/1.1 only: the test's own proxy passes requests one by one.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** A manifest, which must be there. */
  JsonNode manifest(String image, String reference) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(image, "manifests/" + reference)).GET());
    assertEquals(200, response.statusCode(), location + "/" + image + ":" + reference);
    return Json.MAPPER.readTree(response.body());
  }

  /** A manifest's bytes as stored, with their media type: what another tag can be pointed at. */
  record Raw(byte[] bytes, String mediaType) {}

  Raw raw(String image, String reference) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(image, "manifests/" + reference)).GET());
    assertEquals(200, response.statusCode(), location + "/" + image + ":" + reference);
    return new Raw(response.body(), response.headers().firstValue("Content-Type").orElseThrow());
  }

  /** The digest a tag resolves to, or empty when there is no such tag. */
  Optional<String> digest(String image, String tag) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(image, "manifests/" + tag))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    assertEquals(200, response.statusCode(), location + "/" + image + ":" + tag);
    return response.headers().firstValue("Docker-Content-Digest");
  }

  /** Every tag of an image with the digest it resolves to; none when the registry has no such image. */
  Map<String, String> tags(String image) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(image, "tags/list")).GET());
    Map<String, String> tags = new TreeMap<>();
    if (response.statusCode() == 404) {
      return tags;
    }
    assertEquals(200, response.statusCode(), location + "/" + image + " tags");
    for (JsonNode tag : Json.MAPPER.readTree(response.body()).path("tags")) {
      tags.put(tag.asText(), digest(image, tag.asText()).orElseThrow());
    }
    return tags;
  }

  /** Uploads a blob: a session, then all of it in the one request that ends it; returns its digest. */
  String upload(String image, byte[] blob) throws IOException, InterruptedException {
    String digest = Hashing.digest(blob);
    URI sessions = uri(image, "blobs/uploads/");
    HttpResponse<byte[]> session = send(HttpRequest.newBuilder(sessions).POST(HttpRequest.BodyPublishers.noBody()));
    assertEquals(202, session.statusCode(), new String(session.body(), StandardCharsets.UTF_8));
    String location = session.headers().firstValue("Location").orElseThrow();
    URI end = sessions.resolve(location + (location.contains("?") ? "&" : "?") + "digest=" + digest);
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(end)
        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(blob)));
    assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    return digest;
  }

  /** Points a tag at a manifest; returns the manifest's digest. */
  String put(String image, String tag, byte[] manifest, String mediaType) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(image, "manifests/" + tag))
        .header("Content-Type", mediaType)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)));
    assertEquals(201, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    return Hashing.digest(manifest);
  }

  private URI uri(String image, String path) {
    int slash = location.indexOf('/');
    return URI.create("http://" + location.substring(0, slash) + "/v2/" + location.substring(slash + 1) + "/"
        + image + "/" + path);
  }

  private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.header("Accept", ACCEPT).build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}

package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.catalog.Tags;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.tests.StoppableRegistry.Outage;
import dev.scratchjava.tests.StoppableRegistry.Request;
import dev.scratchjava.tests.StoppableRegistry.Stop;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push that the registry stops in the middle (issue 14, item 15) leaves every tag on a complete
 * image: each tag published before resolves to the digest it did, the push fails in one line, and
 * the next push finishes what it began. The registry is really stopped (killed) at a chosen
 * request, and started again on the same storage: see {@link StoppableRegistry}.
 *
 * <p>One image is enough, since publishing does not depend on what is inside: of the images under
 * test, the first with the most architectures (java17 when all are), so that a stop can fall
 * between two of them.
 */
class InterruptedPushIT {
  private static final String NAMESPACE = "interrupted";
  /** A tag of the release before, which no push of this one names. */
  private static final String OLDER_ONLY = "older";
  /**
   * Of a blob's body: an image's runtime layer is tens of MiB, so this is in the middle of one;
   * a base's largest layer (libc) is a little over 1 MiB.
   */
  private static final long PART_OF_A_BLOB = 1 << 20;
  private static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

  private final Definition definition = ImageUnderTest.all().map(ImageUnderTest::definition).filter(Definition::isDefault).distinct()
      .max(Comparator.comparingInt((Definition one) -> one.architectures().size())
          // An image with Java where there is one: its runtime layer is tens of MiB (PART_OF_A_BLOB).
          .thenComparing(Definition::hasJava)).orElseThrow();
  private final Lock lock = ImageUnderTest.catalog().lock(definition);
  private final Tags tags = Tags.of(definition, lock);

  @Test
  void aPushStoppedInTheMiddleMovesNoTagAndThePushAfterItFinishes(@TempDir Path folder) throws Exception {
    try (StoppableRegistry registry = StoppableRegistry.start(folder)) {
      RegistryApi api = new RegistryApi(registry.address() + "/" + NAMESPACE);
      Map<String, String> published = publishAnOlderRelease(api);

      // At the push's first request: nothing of it reached the registry, and the client is refused
      // when it tries again.
      registry.stopAt(new Stop((before, request) -> true, 0, Outage.REFUSED));
      published = pushStopped(registry, api, published, List.of());

      // In the middle of the last architecture's first large blob: the images before it are
      // complete and have their immutable tags, nothing else moved. Then a reverse proxy's 502, not
      // refused connections: jib-core, which uploads the blobs, retries those for about a minute.
      List<Architecture> architectures = definition.architectures();
      List<Architecture> complete = architectures.subList(0, architectures.size() - 1);
      Architecture last = architectures.get(architectures.size() - 1);
      registry.stopAt(new Stop((before, request) -> request.uploadsBlob()
          && before.stream().filter(this::pushesAnImage).count() == complete.size(), PART_OF_A_BLOB, Outage.BAD_GATEWAY));
      published = pushStopped(registry, api, published, complete.stream().map(this::immutable).toList());

      // At the first tag that moves: every architecture's image and the index are there.
      registry.stopAt(new Stop((before, request) -> request.putsManifest()
          && !request.reference().startsWith(tags.immutable()), 0, Outage.REFUSED));
      published = pushStopped(registry, api, published, List.of(immutable(last), tags.immutable()));

      CatalogRun push = push(registry);
      assertEquals(0, push.status(), "the push after the stops failed:\n" + push.printed());
      Map<String, String> now = api.tags(definition.repository());
      for (Architecture arch : architectures) {
        for (String tag : tags.forArch(arch)) {
          assertEquals(lock.pins(arch).digest(), now.get(tag), tag);
        }
      }
      for (String tag : tags.multiArch()) {
        assertEquals(published.get(tags.immutable()), now.get(tag), tag + " is not the index of the immutable tag");
      }
      assertEquals(published.get(OLDER_ONLY), now.get(OLDER_ONLY), OLDER_ONLY + " moved");
    }
  }

  /**
   * A push the registry is stopped in: it fails in one line; once the registry is back, every tag
   * there was before it resolves to the same digest, and the only new tags are the immutable tags
   * {@code expected}, each on the lock's image.
   *
   * @return every tag with its digest after the push
   */
  private Map<String, String> pushStopped(
      StoppableRegistry registry, RegistryApi api, Map<String, String> before, List<String> expected)
      throws Exception {
    CatalogRun push = push(registry);
    assertTrue(registry.stopped(), "the registry was not stopped where the test meant:\n" + push.printed());
    assertNotEquals(0, push.status(), "a push the registry was stopped in succeeded:\n" + push.printed());
    List<String> errors = push.printed().lines().filter(line -> line.startsWith("catalog: error: ")).toList();
    assertEquals(1, errors.size(), "not one error line:\n" + push.printed());
    // It says which registry failed, and why (not a message that was missing).
    assertTrue(errors.get(0).contains(registry.address()), errors.get(0));
    assertFalse(errors.get(0).endsWith("null"), errors.get(0));

    registry.restart();
    Map<String, String> after = api.tags(definition.repository());
    before.forEach((tag, digest) -> assertEquals(digest, after.get(tag), tag + " moved:\n" + push.printed()));
    Map<String, String> added = new TreeMap<>(after);
    added.keySet().removeAll(before.keySet());
    assertEquals(new TreeSet<>(expected), added.keySet(), "the tags this push added:\n" + push.printed());
    for (Architecture arch : definition.architectures()) {
      if (added.containsKey(immutable(arch))) {
        assertEquals(lock.pins(arch).digest(), added.get(immutable(arch)), immutable(arch));
      }
    }
    if (added.containsKey(tags.immutable())) {
      assertIndexOfTheLock(api.manifest(definition.repository(), tags.immutable()));
    }
    return after;
  }

  private void assertIndexOfTheLock(JsonNode index) {
    List<String> digests = new ArrayList<>();
    index.path("manifests").forEach(entry -> digests.add(entry.path("digest").asText()));
    assertEquals(definition.architectures().stream().map(arch -> lock.pins(arch).digest()).toList(), digests,
        tags.immutable());
  }

  /** The request that ends an architecture's push: its manifest under its immutable tag. */
  private boolean pushesAnImage(Request request) {
    return request.putsManifest() && request.reference().startsWith(tags.immutable() + "-");
  }

  private String immutable(Architecture arch) {
    return tags.immutable() + "-" + arch;
  }

  private CatalogRun push(StoppableRegistry registry) {
    return CatalogRun.in(ImageUnderTest.catalogRoot(),
        "push", "--registry", registry.address() + "/" + NAMESPACE, definition.name());
  }

  /**
   * The tags a release before this one left: {@code N} and {@code N-ARCH} on an image of one empty
   * layer, and a tag of its own.
   *
   * @return every tag with its digest
   */
  private Map<String, String> publishAnOlderRelease(RegistryApi api) throws Exception {
    String image = definition.repository();
    ByteArrayOutputStream layer = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(layer)) {
      // An empty tar: its end, two blocks of zeros.
      gzip.write(new byte[1024]);
    }
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + Hashing.digest(new byte[1024]) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST + "\","
        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length
        + ",\"digest\":\"" + api.upload(image, config) + "\"},"
        + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":"
        + layer.size() + ",\"digest\":\"" + api.upload(image, layer.toByteArray()) + "\"}]}";
    List<String> older = new ArrayList<>(List.of(OLDER_ONLY, tags.moving().get(0)));
    definition.architectures().forEach(arch -> older.add(tags.moving().get(0) + "-" + arch));
    for (String tag : older) {
      api.put(image, tag, manifest.getBytes(StandardCharsets.UTF_8), DOCKER_MANIFEST);
    }
    Map<String, String> published = api.tags(image);
    assertEquals(older.size(), published.size(), published.toString());
    return published;
  }
}

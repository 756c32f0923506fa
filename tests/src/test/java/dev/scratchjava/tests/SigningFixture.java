package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Definition;
import dev.scratchjava.catalog.Lock;
import dev.scratchjava.image.TestResult;
import dev.scratchjava.support.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the signing tests share: the smallest image under test (signing does not depend on what
 * an image holds), a key pair of the test's own, Debian's cosign, and the catalog's push and sign
 * run as a user runs them.
 */
final class SigningFixture implements AutoCloseable {
  static final String REGISTRY = System.getenv().getOrDefault("CATALOG_TEST_REGISTRY", "127.0.0.1:5000");

  final Definition image = ImageUnderTest.all().map(ImageUnderTest::definition)
      .filter(Definition::isDefault).distinct()
      .min(Comparator.comparingInt(d -> ImageUnderTest.catalog().lock(d).pins(d.architectures().get(0)).packages().size()))
      .orElseThrow();
  final Lock lock = ImageUnderTest.catalog().lock(image);
  final Path work;
  final CosignCli cosign;
  final Path publicKey;

  SigningFixture() throws Exception {
    work = Files.createTempDirectory("signing-it");
    cosign = CosignCli.fromPath(work);
    publicKey = cosign.keyPair("signer");
  }

  /** {@code HOST:PORT/NAMESPACE} in the suite's registry, a namespace of the test's own. */
  static String namespace(String name) {
    return REGISTRY + "/scratchjava-" + name + "-" + System.currentTimeMillis();
  }

  void publish(String location) {
    CatalogRun push = CatalogRun.in(ImageUnderTest.catalogRoot(), "push", "--registry", location, image.name());
    assertEquals(0, push.status(), push.printed());
  }

  CatalogRun sign(String location, Path results) {
    return CatalogRun.in(ImageUnderTest.catalogRoot(), "sign", "--registry", location,
        "--key", privateKey().toString(), "--test-results", results.toString(), image.name());
  }

  CatalogRun verify(String location, Path key, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", "--registry", location, "--key", key.toString()));
    args.addAll(List.of(more));
    args.add(image.name());
    return CatalogRun.in(ImageUnderTest.catalogRoot(), args.toArray(String[]::new));
  }

  Path privateKey() {
    return work.resolve("signer.key");
  }

  /** A folder of results as the suite writes them, one per architecture's digest, each failing {@code failed}. */
  Path results(String name, List<String> failed) throws Exception {
    Path folder = Files.createDirectories(work.resolve("results-" + name));
    for (Architecture arch : image.architectures()) {
      TestResults.write(folder, new TestResult(digest(arch), image.name(), image.variantName(), arch.debian(),
          null, null, Instant.now().toString(), List.of(suiteTest(arch)), failed, List.of()));
    }
    return folder;
  }

  /** A test the suite ran on the image, as its results name it. */
  String suiteTest(Architecture arch) {
    return "InventoryIT.holdsOnlyWhatTheDefinitionAllows[" + image.reference(arch) + "]";
  }

  String digest(Architecture arch) {
    return lock.pins(arch).digest();
  }

  String reference(String location, String digest) {
    return location + "/" + image.repository() + "@" + digest;
  }

  @Override
  public void close() {
    AtomicFiles.deleteTree(work);
  }
}

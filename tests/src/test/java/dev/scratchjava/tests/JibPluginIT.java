package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import dev.scratchjava.catalog.Architecture;
import dev.scratchjava.catalog.Catalog;
import dev.scratchjava.catalog.Definition;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.LogUtils;

/**
 * A user's app built with the Jib Maven plugin onto our image, configured as docs/using.md shows:
 * both architectures from the multi-arch tag in a registry (CATALOG_TEST_REGISTRY), with Jib's
 * own entrypoint. The engine pulls and runs each architecture's image. One image is enough: the
 * catalog's newest Java.
 */
class JibPluginIT {
  private static final String REGISTRY = System.getenv().getOrDefault("CATALOG_TEST_REGISTRY", "127.0.0.1:5000");
  // Not RegistryIT's namespace: its test of a second push counts what is uploaded there.
  private static final String NAMESPACE = "scratchjava-jib";
  // The platforms the app's pom names.
  private static final List<Architecture> PLATFORMS = List.of(Architecture.AMD64, Architecture.ARM64);

  @Test
  void buildsTheAppForEachArchitectureOnTheNewestImage() throws Exception {
    Catalog catalog = ImageUnderTest.catalog();
    Definition newest = catalog.images().stream().map(catalog::definition).filter(Definition::hasJava)
        .max(Comparator.comparingInt(Definition::java)).orElseThrow();
    assumeTrue(ImageUnderTest.runtimes().anyMatch(image -> image.name().equals(newest.name())),
        "the Jib build uses the catalog's newest image, " + newest.name() + ", which is not under test");

    push(newest);
    String base = REGISTRY + "/" + NAMESPACE + "/" + newest.name() + ":" + newest.java();
    String app = REGISTRY + "/" + NAMESPACE + "/jib-app:" + newest.java();
    // A registry on loopback speaks plain HTTP, which Jib refuses unless allowed.
    MavenProject.named("jib").build("compile", "jib:build",
        "-Djib.from.image=" + base, "-Djib.to.image=" + app, "-Djib.allowInsecureRegistries=true");

    for (Architecture arch : PLATFORMS) {
      DockerClientFactory.instance().client().pullImageCmd(app).withPlatform("linux/" + arch.oci())
          .exec(new PullImageResultCallback()).awaitCompletion(5, TimeUnit.MINUTES);
      String expected = "os.arch=" + arch.java() + "\n"
          + "java.version=" + catalog.lock(newest).version() + "\n"
          + "uid=65532\n"
          + "ExitOnOutOfMemoryError=true\n";
      assertEquals(expected, run(app), app + " pulled for " + arch);
    }
  }

  /** Publishes the image's tags into the namespace, as {@code ./catalog push} does. */
  private static void push(Definition definition) {
    CatalogRun push = CatalogRun.in(ImageUnderTest.catalogRoot(),
        "push", "--registry", REGISTRY + "/" + NAMESPACE, definition.name());
    assertEquals(0, push.status(), "catalog push failed:\n" + push.printed());
  }

  /** What the app prints, once its container has ended with status 0. */
  private static String run(String image) {
    DockerClient docker = DockerClientFactory.instance().client();
    String id = docker.createContainerCmd(image).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      int status = docker.waitContainerCmd(id).start().awaitStatusCode(2, TimeUnit.MINUTES);
      String output = LogUtils.getOutput(docker, id);
      assertEquals(0, status, image + " ended with status " + status + ":\n" + output);
      return output;
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }
}

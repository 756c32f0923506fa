package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scratchjava.catalog.Catalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * TLS against a server whose CA the test makes: the image's truststore rejects it, and a
 * downstream image that adds the CA with keytool in an exec-form RUN (no shell) trusts it, and
 * still runs as the non-root user. This is the private-CA recipe of docs/using.md, run for real.
 *
 * <p>One server, started once in an image of this machine's own architecture, serves every image
 * under test: what is tested is each image's client side, and a server under emulation would only
 * add minutes of emulated handshakes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIT {
  private static final String PASSWORD = "test-only-secret";

  @TempDir static Path certificates;
  private Network network;
  private GenericContainer<?> server;

  @BeforeAll
  void startTheServer() throws Exception {
    // A job that tests only bases has no JVM to serve TLS: its tests have nothing to run then.
    assumeTrue(ImageUnderTest.runtimes().findAny().isPresent(), "no image with Java under test");
    makeCertificates(certificates);
    ImageUnderTest host = ImageUnderTest.runtimes()
        .filter(ImageUnderTest::onThisMachine)
        .findFirst()
        .orElseGet(() -> ImageUnderTest.runtimes().findFirst().orElseThrow());
    network = Network.newNetwork();
    server = new GenericContainer<>(DockerImageName.parse(host.reference()))
        .withNetwork(network)
        .withNetworkAliases("tls-server")
        .withCopyFileToContainer(MountableFile.forHostPath(Programs.classes(host.java())), "/probe")
        .withCopyFileToContainer(MountableFile.forHostPath(certificates.resolve("server.p12"), 0644), "/tls/server.p12")
        .withCommand("-cp", "/probe", "TlsServer", "/tls/server.p12", PASSWORD)
        .waitingFor(Wait.forLogMessage(".*tls listening on 8443.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
    server.start();
  }

  @AfterAll
  void stopTheServer() {
    if (server != null) {
      server.stop();
    }
    if (network != null) {
      network.close();
    }
  }

  /** A CA and a server certificate for the name "tls-server", signed by it, made with keytool. */
  private static void makeCertificates(Path dir) throws Exception {
    keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Catalog Test CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
    keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=tls-server",
        "-validity", "2", "-keystore", "server.p12");
    keytool(dir, "-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
    keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr",
        "-outfile", "server.pem", "-rfc", "-ext", "san=dns:tls-server", "-validity", "2");
    keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "server.p12");
    keytool(dir, "-importcert", "-alias", "server", "-file", "server.pem", "-keystore", "server.p12");
  }

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-storepass", PASSWORD,
        "-storetype", "PKCS12"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ":\n" + output);
  }

  private static String fetch(String image, int java, Network network) {
    try (GenericContainer<?> client =
        new GenericContainer<>(DockerImageName.parse(image))
            .withNetwork(network)
            .withCopyFileToContainer(MountableFile.forHostPath(Programs.classes(java)), "/probe")
            .withCommand("-cp", "/probe", "Probe", "fetch", "https://tls-server:8443/")
            .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      client.start();
      return client.getLogs(OutputFrame.OutputType.STDOUT);
    }
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource("dev.scratchjava.tests.ImageUnderTest#runtimes")
  void trustsAPrivateCaOnlyOnceADownstreamImageAddsIt(ImageUnderTest image) {
    String untrusted = fetch(image.reference(), image.java(), network);
    assertTrue(untrusted.contains("error=") && untrusted.contains("PKIX"), "base image: " + untrusted);

    ImageFromDockerfile withCa =
        new ImageFromDockerfile("scratchjava-private-ca-" + image.definition().id() + "-" + image.arch(), false)
            .withFileFromPath("my-ca.pem", certificates.resolve("ca.pem"))
            .withDockerfileFromBuilder(dockerfile -> dockerfile
                .from(image.reference())
                .user("0")
                .copy("my-ca.pem", "/tmp/my-ca.pem")
                .run("keytool", "-importcert", "-noprompt", "-alias", "my-ca", "-file", "/tmp/my-ca.pem",
                    "-keystore", "/etc/ssl/certs/java/cacerts", "-storepass", "changeit")
                .user("65532")
                .build());
    String withCaImage = withCa.get();
    String trusted = fetch(withCaImage, image.java(), network);
    assertTrue(trusted.contains("status=200"), "downstream image with the CA: " + trusted);

    try (GenericContainer<?> identity =
        new GenericContainer<>(DockerImageName.parse(withCaImage))
            .withCopyFileToContainer(MountableFile.forHostPath(Programs.classes(image.java())), "/probe")
            .withCommand("-cp", "/probe", "Probe", "identity")
            .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(2)))) {
      identity.start();
      assertTrue(identity.getLogs().contains("uid=65532"), identity.getLogs());
    }
  }
}

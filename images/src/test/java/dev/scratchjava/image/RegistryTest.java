package dev.scratchjava.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static boolean loopback(String host) {
    return new Registry(host + "/ns", Optional.empty()).isLoopback();
  }

  @Test
  void speaksPlainHttpOnlyToAddressesOnThisMachine() {
    for (String host : List.of("127.0.0.1:5000", "127.1.2.3", "localhost:5000", "[::1]:5000", "localhost")) {
      assertTrue(loopback(host), host);
    }
    for (String host : List.of("127.attacker.example", "127.0.0.1.example.org:5000", "localhost.example",
        "registry.example:5000", "10.0.0.1:5000", "[::2]")) {
      assertFalse(loopback(host), host + " is not this machine");
    }
  }

  @Test
  void readsDockersConfigWhereDockerDoes() {
    assertEquals(Path.of("/etc/docker-client/config.json"),
        Registry.dockerConfig(Map.of("DOCKER_CONFIG", "/etc/docker-client", "HOME", "/home/ci")));
    assertEquals(Path.of("/home/ci/.docker/config.json"), Registry.dockerConfig(Map.of("HOME", "/home/ci")));
  }
}

package dev.scratchjava.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The publish workflow's least privilege, read from its YAML: the job that runs the suite and
 * third-party code may only read; the one that can write packages and mint an OIDC token runs
 * only on main, one at a time per image, with no restored cache and no stored git credentials,
 * and runs nothing but the catalog and Debian's cosign.
 */
class WorkflowTest {
  private static final JsonNode PUBLISH = read(Path.of("../.github/workflows/publish.yml"));

  @Test
  void onlyThePublishingJobMayWriteAndOnlyOnMain() {
    assertEquals(Map.of("contents", "read"), map(PUBLISH.path("permissions")), "the workflow's default");
    assertTrue(PUBLISH.path("jobs").path("test").path("permissions").isMissingNode(), "the test job inherits read");
    JsonNode publish = PUBLISH.path("jobs").path("publish");
    assertEquals(Map.of("contents", "read", "id-token", "write", "packages", "write"), map(publish.path("permissions")));
    assertEquals("test", publish.path("needs").asText());
    assertEquals("github.ref == 'refs/heads/main'", publish.path("if").asText());
    assertEquals("publish-${{ matrix.image }}", publish.path("concurrency").path("group").asText());
    assertEquals("publish", publish.path("environment").asText(), "an environment whose rule admits main only");
  }

  @Test
  void thePublishingJobRunsOnlyTheCatalogAndCosignWithoutCachesOrStoredCredentials() {
    List<String> uses = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    for (JsonNode step : PUBLISH.path("jobs").path("publish").path("steps")) {
      if (step.has("uses")) {
        uses.add(step.path("uses").asText().replaceAll("@.*", ""));
        assertTrue(step.path("with").path("cache").isMissingNode(), "no restored cache: " + step);
      } else {
        runs.add(step.path("run").asText().strip());
      }
    }
    assertEquals(List.of("actions/checkout", "actions/setup-java", "actions/download-artifact"), uses);
    assertTrue(runs.stream().allMatch(run -> run.startsWith("./catalog ") || run.equals("bash .ci/tools --github-path")),
        "only ./catalog and Debian's cosign: " + runs);
    assertTrue(runs.stream().filter(run -> run.startsWith("./catalog push ")).allMatch(run -> run.contains(" --head-of main ")),
        "a run of an older commit moves no tag: " + runs);
    PUBLISH.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
      if (step.path("uses").asText().startsWith("actions/checkout@")) {
        assertEquals("false", step.path("with").path("persist-credentials").asText(), "checkout keeps no token");
      }
    }));
  }

  private static Map<String, String> map(JsonNode node) {
    return new ObjectMapper().convertValue(node, new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
  }

  private static JsonNode read(Path file) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

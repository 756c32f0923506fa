package dev.scratchjava.image;

import dev.scratchjava.catalog.Definition;
import dev.scratchjava.rootfs.Contract;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment and the labels of an image's configuration, made once for the two that write
 * them: the skeleton base image, which carries the first of each, and jib-core, which adds them all.
 *
 * <p>jib-core collects both in {@link java.util.HashMap}s, so the order of the configuration's
 * JSON, and with it the digest, is that of a hash table. When the first map it copies into an
 * empty one has 3, 6, 12, ... entries, Java 19 and later give the copy half the capacity Java 17
 * gives it (JDK-8281631), so the same lock built into another digest on another Java (seen with 6
 * variables and 6 labels). A table that already holds one entry, from the base image, grows by
 * doubling instead, alike on every Java; jib-core's own maps are filled one entry at a time
 * (JibImage) for the same reason.
 */
record ImageConfig(Map<String, String> environment, Map<String, String> labels) {
  /** The day Debian's security support for the image's suites ends, for scanners and users. */
  public static final String SECURITY_SUPPORT_ENDS_LABEL = "dev.scratchjava.debian.security-support-ends";

  ImageConfig {
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  static ImageConfig of(Recipe recipe, String version) {
    Definition definition = recipe.definition();
    Map<String, String> environment = new LinkedHashMap<>();
    if (definition.hasJava()) {
      environment.put("JAVA_HOME", definition.javaHome(recipe.arch()));
    }
    environment.put("PATH", definition.path(recipe.arch()));
    environment.put("LANG", Contract.LANG);
    environment.put("TZ", Contract.TZ);
    environment.put("HOME", Contract.HOME);
    if (definition.hasJava()) {
      environment.put("JAVA_VERSION", version);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", definition.repository());
    labels.put("org.opencontainers.image.description", definition.description());
    labels.put("org.opencontainers.image.version", version);
    labels.put("org.opencontainers.image.licenses", definition.licenses());
    labels.put("org.opencontainers.image.revision", recipe.revision());
    labels.put(SECURITY_SUPPORT_ENDS_LABEL, definition.securitySupportEnds().toString());
    return new ImageConfig(environment, labels);
  }

  /** What the skeleton base image carries: the first variable and the first label. */
  ImageConfig seed() {
    return new ImageConfig(first(environment), first(labels));
  }

  private static Map<String, String> first(Map<String, String> map) {
    Map.Entry<String, String> first = map.entrySet().iterator().next();
    return Map.of(first.getKey(), first.getValue());
  }
}

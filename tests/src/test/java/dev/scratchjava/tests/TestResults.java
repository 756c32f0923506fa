package dev.scratchjava.tests;

import dev.scratchjava.image.TestResult;
import dev.scratchjava.support.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the suite found per image digest, apart from JUnit Platform so that it can be tested
 * alone: which finished tests belong to which image, and the record written for each digest.
 * Keyed by digest because that is what a user pulls; a tag moves, a digest does not.
 */
final class TestResults {
  private TestResults() {}

  /**
   * An image the run tested.
   *
   * @param reference the tag it is loaded as, which parameterized tests put in their names
   * @param digest the digest its lock pins, {@code sha256:<hex>}
   * @param name the image's folder name ({@code java21})
   * @param variant the variant's name, {@code default} for the default image
   * @param architecture the architecture's Debian name
   */
  record Image(String reference, String digest, String name, String variant, String architecture) {}

  enum Status { PASSED, FAILED, SKIPPED }

  /**
   * A finished test.
   *
   * @param name how the record lists it: {@code Class.method} or {@code Class.method[invocation]}
   * @param displayNames its own display name and those of its ancestors: any may name an image
   */
  record Outcome(String name, List<String> displayNames, Status status) {}

  /**
   * Whether {@code text} holds {@code reference} as a whole token: {@code java21:21-amd64} must
   * not match inside {@code java21:21-debug-amd64}, nor {@code java8:8-amd64} inside
   * {@code xjava8:8-amd64}, so the neighbours may not be characters a reference is made of.
   */
  static boolean names(String text, String reference) {
    for (int at = text.indexOf(reference); at >= 0; at = text.indexOf(reference, at + 1)) {
      int end = at + reference.length();
      if ((at == 0 || !partOfReference(text.charAt(at - 1)))
          && (end == text.length() || !partOfReference(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean partOfReference(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '-';
  }

  /**
   * The images a test belongs to: those it or an ancestor names, else all of them, because a
   * test that names no image checked the whole catalog under test (pushed, built or read it all).
   */
  static List<Image> imagesOf(Outcome outcome, List<Image> images) {
    List<Image> named = images.stream()
        .filter(image -> outcome.displayNames().stream().anyMatch(text -> names(text, image.reference())))
        .toList();
    return named.isEmpty() ? images : named;
  }

  /** One record per digest, in the order of the images; images that share a digest share a record. */
  static List<TestResult> records(List<Image> images, List<Outcome> outcomes, String commit, String runUrl,
      Instant finished) {
    Map<String, List<Image>> byDigest = new LinkedHashMap<>();
    images.forEach(image -> byDigest.computeIfAbsent(image.digest(), digest -> new ArrayList<>()).add(image));
    List<TestResult> records = new ArrayList<>();
    byDigest.forEach((digest, same) -> {
      Map<Status, TreeSet<String>> names = new LinkedHashMap<>();
      for (Status status : Status.values()) {
        names.put(status, new TreeSet<>());
      }
      for (Outcome outcome : outcomes) {
        if (imagesOf(outcome, images).stream().anyMatch(same::contains)) {
          names.get(outcome.status()).add(outcome.name());
        }
      }
      Image first = same.get(0);
      records.add(new TestResult(digest, first.name(), first.variant(), first.architecture(), commit, runUrl,
          finished.toString(), List.copyOf(names.get(Status.PASSED)), List.copyOf(names.get(Status.FAILED)),
          List.copyOf(names.get(Status.SKIPPED))));
    });
    return records;
  }

  /** Writes one record whole or not at all, so a reader never sees half of it. */
  static Path write(Path folder, TestResult record) {
    Path file = TestResult.fileOf(folder, record.digest());
    Json.write(file, record);
    return file;
  }
}

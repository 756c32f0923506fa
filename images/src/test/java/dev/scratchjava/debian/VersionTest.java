package dev.scratchjava.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each expectation was checked with {@code dpkg --compare-versions} on Debian 12. */
class VersionTest {
  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.0~rc1, 1.0",
    "1.0~~, 1.0~",
    "1.0~, 1.0",
    "1.0, 1.0a",
    "1.0a, 1.0+",
    "1.0-1, 1.0-2",
    "1.0-1~bpo1, 1.0-1",
    "2.0, 1:0.9",
    "1.2.9, 1.2.10",
    "2.36-9+deb12u7, 2.36-9+deb12u14",
    "17.0.19+10-1~deb12u2, 17.0.21.1+2-1~deb12u1",
    "20230311+deb12u1, 20250419~deb12u2",
  })
  void ordersLikeDpkg(String lower, String higher) {
    assertTrue(Version.parse(lower).compareTo(Version.parse(higher)) < 0, lower + " < " + higher);
    assertTrue(Version.parse(higher).compareTo(Version.parse(lower)) > 0, higher + " > " + lower);
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource({"1.0, 1.0-0", "0:1.0, 1.0", "1.01, 1.1"})
  void treatsEquivalentSpellingsAsEqual(String a, String b) {
    assertEquals(0, Version.parse(a).compareTo(Version.parse(b)));
  }

  @Test
  void splitsEpochUpstreamAndRevision() {
    Version version = Version.parse("1:1.2.13.dfsg-1~deb12u1");
    assertEquals(1, version.epoch());
    assertEquals("1.2.13.dfsg", version.upstream());
    assertEquals("1~deb12u1", version.revision());
  }

  @Test
  void refusesVersionsThatDoNotStartWithADigit() {
    assertThrows(IllegalArgumentException.class, () -> Version.parse("abc"));
    assertThrows(IllegalArgumentException.class, () -> Version.parse("x:1.0"));
  }
}

package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What server applications do with java.desktop (reports, PDFs, charts, captchas, thumbnails):
 * draw text with a named font, list fonts, lay out Arabic, write and read a JPEG, convert colours
 * through ICC profiles. Each as the default user, as an arbitrary UID, and as an arbitrary UID on a
 * read-only root file system with a tmpfs /tmp, with the image's default settings.
 */
class TextAndImagingIT {
  private static final String IMAGES = "dev.scratchjava.tests.ImageUnderTest#runtimes";
  private static final List<ImageFacts.Setting> SETTINGS = List.of(ImageFacts.Setting.DEFAULT,
      ImageFacts.Setting.ARBITRARY_UID, ImageFacts.Setting.ARBITRARY_UID_READ_ONLY);

  /** Checks the facts of every setting, reporting each failing setting by name. */
  private static void inEverySetting(ImageUnderTest image, Consumer<ImageFacts> check) {
    assertAll(SETTINGS.stream().map(setting -> (Executable) () -> {
      try {
        check.accept(ImageFacts.of(image, setting));
      } catch (AssertionError e) {
        throw new AssertionError(setting + ": " + e.getMessage(), e);
      }
    }));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void runsHeadlessWithoutBeingTold(ImageUnderTest image) {
    inEverySetting(image, facts -> assertEquals("true", facts.get("headless")));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void findsADejaVuFontByName(ImageUnderTest image) {
    // An unknown name falls back to the logical font Dialog.
    inEverySetting(image, facts -> assertEquals("DejaVu Serif", facts.get("font.family")));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void listsTheDejaVuFamilies(ImageUnderTest image) {
    inEverySetting(image, facts -> {
      List<String> families = Arrays.asList(facts.get("font.families").split(","));
      assertTrue(families.containsAll(List.of("DejaVu Sans", "DejaVu Serif", "DejaVu Sans Mono")),
          "font families: " + families);
    });
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void drawsText(ImageUnderTest image) {
    inEverySetting(image, facts -> {
      String drawn = facts.get("text.pixels");
      // The probe draws 11 characters 24 px high into 240 x 40 white pixels.
      assertTrue(drawn.matches("\\d+") && Integer.parseInt(drawn) > 300, "pixels drawn: " + drawn);
    });
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void shapesArabicTextRightToLeft(ImageUnderTest image) {
    inEverySetting(image, facts -> {
      String arabic = facts.get("arabic");
      assertTrue(arabic.startsWith("rtl=true "), arabic);
      // Shaping joins the letters: the laid-out glyphs include forms the isolated letters lack.
      assertTrue(arabic.matches(".* contextual-glyphs=[1-9]\\d* .*"), arabic);
    });
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void writesAndReadsAJpeg(ImageUnderTest image) {
    inEverySetting(image, facts -> assertEquals("240x40", facts.get("jpeg")));
  }

  @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
  @MethodSource(IMAGES)
  void convertsColoursThroughIccProfiles(ImageUnderTest image) {
    inEverySetting(image, facts -> {
      String gray = facts.get("icc.gray-of-red");
      // Pure red has about a fifth of white's luminance; 0 or 255 would mean no conversion.
      assertTrue(gray.matches("\\d+") && Integer.parseInt(gray) > 20 && Integer.parseInt(gray) < 120,
          "sRGB red in linear gray: " + gray);
    });
  }
}

package dev.scratchjava.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TruststoreTest {
  /** The store's bytes must not depend on the builder's locale (Turkish has a dotless i). */
  @Test
  void writesTheSameTruststoreUnderEveryLocale() throws Exception {
    SortedMap<String, byte[]> pems = new TreeMap<>();
    pems.put("ISRG_Root_X1.crt", Debs.somePem().getBytes(StandardCharsets.US_ASCII));
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.ROOT);
      byte[] root = Truststore.pkcs12(pems);
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertArrayEquals(root, Truststore.pkcs12(pems));
    } finally {
      Locale.setDefault(before);
    }
  }
}

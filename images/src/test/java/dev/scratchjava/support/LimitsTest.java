package dev.scratchjava.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitsTest {
  @Test
  void readsUpToTheLimitAndRefusesTheByteAfterIt() throws Exception {
    byte[] ten = new byte[10];
    assertEquals(10, Limits.atMost(new ByteArrayInputStream(ten), 10, "ten bytes").readAllBytes().length);
    InputStream eleven = Limits.atMost(new ByteArrayInputStream(new byte[11]), 10, "eleven bytes");
    String message = assertThrows(CatalogException.class, eleven::readAllBytes).getMessage();
    assertTrue(message.startsWith("eleven bytes: more than 10 bytes"), message);
    InputStream oneByOne = Limits.atMost(new ByteArrayInputStream(new byte[2]), 1, "one by one");
    oneByOne.read();
    assertThrows(CatalogException.class, oneByOne::read);
  }
}

package dev.scratchjava.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobTest {
  @Test
  void starStaysInOneFolder() {
    Glob glob = Glob.of("usr/lib/*-linux-gnu/libc.so.6");
    assertTrue(glob.matches("usr/lib/x86_64-linux-gnu/libc.so.6"));
    assertTrue(glob.matches("usr/lib/aarch64-linux-gnu/libc.so.6"));
    assertFalse(glob.matches("usr/lib/a/b-linux-gnu/libc.so.6"));
  }

  @Test
  void doubleStarCrossesFolders() {
    Glob all = Glob.of("usr/lib/jvm/**");
    assertTrue(all.matches("usr/lib/jvm/java-17/lib/server/libjvm.so"));
    assertFalse(all.matches("usr/lib/jvmx/a"));
    Glob anyDepth = Glob.of("usr/lib*/**/ld-linux-*");
    assertTrue(anyDepth.matches("usr/lib64/ld-linux-x86-64.so.2"), "zero folders");
    assertTrue(anyDepth.matches("usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1"));
    assertFalse(anyDepth.matches("usr/share/ld-linux-x"));
  }

  @Test
  void takesDotsLiterally() {
    assertFalse(Glob.of("libc.so.6").matches("libcXsoX6"));
    assertTrue(Glob.of("lib?.so").matches("libz.so"));
  }
}

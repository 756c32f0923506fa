package dev.scratchjava.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scratchjava.support.Processes;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ELF reader agrees with binutils' readelf on this machine's own programs and libraries. */
class ElfTest {
  /** readelf's names of the machines the catalog builds for. */
  private static final Map<String, Integer> MACHINES = Map.of("Advanced Micro Devices X86-64", 62, "AArch64", 183);

  /** Executables, shared objects with and without RPATH, the C and C++ runtimes. */
  static List<Path> hostFiles() throws IOException {
    Path home = Path.of(System.getProperty("java.home"));
    List<Path> files = new ArrayList<>(List.of(
        home.resolve("bin/java"), home.resolve("lib/libjava.so"), home.resolve("lib/server/libjvm.so")));
    try (DirectoryStream<Path> multiarch = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu")) {
      for (Path folder : multiarch) {
        files.add(folder.resolve("libc.so.6"));
        files.add(folder.resolve("libstdc++.so.6"));
      }
    }
    return files.stream().filter(Files::exists).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostFiles")
  void readsWhatReadelfReads(Path file) throws IOException {
    assertEquals(readelf(file), Elf.parse(Files.readAllBytes(file)), file.toString());
  }

  /**
   * The host's runtime has DT_RPATH but no DT_RUNPATH: a copy of libjava.so with its DT_RPATH entry
   * retagged, at the offset readelf gives, has one.
   */
  @Test
  void readsARunpathAsReadelfDoes(@TempDir Path scratch) throws IOException {
    Path original = Path.of(System.getProperty("java.home"), "lib/libjava.so");
    String dynamic = readelfText(original, "-d");
    long table = Long.decode(first(dynamic, "Dynamic section at offset (0x\\p{XDigit}+)").orElseThrow());
    int rpath = all(dynamic, "(?m)^\\s*0x\\p{XDigit}+ \\((\\w+)\\)").indexOf("RPATH");
    assertTrue(rpath >= 0, "libjava.so has a DT_RPATH: " + dynamic);
    byte[] bytes = Files.readAllBytes(original);
    bytes[Math.toIntExact(table + 16L * rpath)] = 29; // DT_RUNPATH; the tag is little-endian
    Path file = Files.write(scratch.resolve("libjava.so"), bytes);
    Elf elf = Elf.parse(bytes);
    assertTrue(elf.runpath().isPresent() && elf.rpath().isEmpty(), elf.toString());
    assertEquals(readelf(file), elf);
  }

  @Test
  void refusesWhatIsNotElf64LittleEndian() throws IOException {
    byte[] elf32 = Files.readAllBytes(Path.of(System.getProperty("java.home"), "lib/libjava.so"));
    elf32[4] = 1;
    String message = assertThrows(IllegalArgumentException.class, () -> Elf.parse(elf32)).getMessage();
    assertTrue(message.contains("not ELF64 little-endian"), message);
  }

  @Test
  void refusesATruncatedFile() throws IOException {
    byte[] whole = Files.readAllBytes(Path.of(System.getProperty("java.home"), "lib/libjava.so"));
    byte[] head = Arrays.copyOf(whole, 100);
    String message = assertThrows(IllegalArgumentException.class, () -> Elf.parse(head)).getMessage();
    assertTrue(message.startsWith("truncated"), message);
  }

  /** What readelf prints of the file, as an Elf. */
  private static Elf readelf(Path file) {
    String text = readelfText(file, "-h", "-l", "-d");
    String machine = first(text, "Machine:\\s+(.+)").orElseThrow();
    return new Elf(
        Optional.ofNullable(MACHINES.get(machine)).orElseThrow(() -> new AssertionError("unknown machine " + machine)),
        first(text, "\\[Requesting program interpreter: (.+)\\]"),
        first(text, "\\(SONAME\\)\\s+Library soname: \\[(.*)\\]"),
        all(text, "\\(NEEDED\\)\\s+Shared library: \\[(.*)\\]"),
        first(text, "\\(RPATH\\)\\s+Library rpath: \\[(.*)\\]"),
        first(text, "\\(RUNPATH\\)\\s+Library runpath: \\[(.*)\\]"));
  }

  private static String readelfText(Path file, String... options) {
    assumeTrue(onPath("readelf"), "readelf (binutils) is not installed: it is the independent reader to compare with");
    List<String> command = new ArrayList<>(List.of("env", "LC_ALL=C", "readelf", "-W"));
    command.addAll(List.of(options));
    command.add(file.toString());
    return Processes.check(command, Duration.ofMinutes(1), "readelf " + file);
  }

  private static Optional<String> first(String text, String regex) {
    return all(text, regex).stream().findFirst();
  }

  private static List<String> all(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1).strip());
    }
    return found;
  }

  private static boolean onPath(String program) {
    return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
        .anyMatch(folder -> Files.isExecutable(Path.of(folder, program)));
  }
}

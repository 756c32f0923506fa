package dev.scratchjava.tests;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader reads of an ELF file: its machine, the interpreter it asks
 * for and the names in its dynamic section. Read through the program headers, as the loader
 * does, so that a file without section headers reads the same. Only ELF64 little-endian, the
 * format of every architecture the catalog builds; anything else is refused with a message.
 *
 * @param machine e_machine: 62 x86-64, 183 AArch64
 * @param interpreter the PT_INTERP path, for a program the kernel starts
 * @param soname DT_SONAME
 * @param needed every DT_NEEDED, in order
 * @param rpath DT_RPATH, unsplit
 * @param runpath DT_RUNPATH, unsplit
 */
record Elf(
    int machine,
    Optional<String> interpreter,
    Optional<String> soname,
    List<String> needed,
    Optional<String> rpath,
    Optional<String> runpath) {

  private static final int PT_LOAD = 1;
  private static final int PT_DYNAMIC = 2;
  private static final int PT_INTERP = 3;
  private static final long DT_NULL = 0;
  private static final long DT_NEEDED = 1;
  private static final long DT_STRTAB = 5;
  private static final long DT_SONAME = 14;
  private static final long DT_RPATH = 15;
  private static final long DT_RUNPATH = 29;

  Elf {
    needed = List.copyOf(needed);
  }

  /** Whether the bytes start with the ELF magic number. */
  static boolean isElf(byte[] file) {
    return file.length >= 4 && file[0] == 0x7f && file[1] == 'E' && file[2] == 'L' && file[3] == 'F';
  }

  /** Reads an ELF file; an IllegalArgumentException says why it cannot. */
  static Elf parse(byte[] file) {
    if (!isElf(file)) {
      throw new IllegalArgumentException("not an ELF file");
    }
    try {
      ByteBuffer elf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
      if (elf.get(4) != 2 || elf.get(5) != 1) {
        throw new IllegalArgumentException(String.format(
            "EI_CLASS %d, EI_DATA %d: not ELF64 little-endian, the only format read here (amd64, arm64)",
            elf.get(4), elf.get(5)));
      }
      return read(elf);
    } catch (IndexOutOfBoundsException | ArithmeticException e) {
      throw new IllegalArgumentException("truncated: a header or table points past the end of the file");
    }
  }

  private record Segment(int type, long offset, long address, long fileSize) {}

  private record Dynamic(long tag, long value) {}

  private static Elf read(ByteBuffer elf) {
    int machine = Short.toUnsignedInt(elf.getShort(18));
    long tableOffset = elf.getLong(32);
    int entrySize = Short.toUnsignedInt(elf.getShort(54));
    int count = Short.toUnsignedInt(elf.getShort(56));
    if (count == 0xffff) {
      throw new IllegalArgumentException("more program headers than e_phnum holds (PN_XNUM): not read here");
    }
    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int at = Math.toIntExact(tableOffset + (long) i * entrySize);
      segments.add(new Segment(elf.getInt(at), elf.getLong(at + 8), elf.getLong(at + 16), elf.getLong(at + 32)));
    }
    Optional<String> interpreter = segments.stream().filter(s -> s.type() == PT_INTERP).findFirst()
        .map(s -> string(elf, s.offset()));
    Optional<Segment> dynamic = segments.stream().filter(s -> s.type() == PT_DYNAMIC).findFirst();
    if (dynamic.isEmpty()) {
      return new Elf(machine, interpreter, Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }
    List<Dynamic> entries = new ArrayList<>();
    Segment table = dynamic.get();
    for (long at = table.offset(); at < table.offset() + table.fileSize(); at += 16) {
      Dynamic entry = new Dynamic(elf.getLong(Math.toIntExact(at)), elf.getLong(Math.toIntExact(at + 8)));
      if (entry.tag() == DT_NULL) {
        break;
      }
      entries.add(entry);
    }
    // Names are offsets into the string table, whose address DT_STRTAB gives.
    Optional<Long> strtab = entries.stream().filter(e -> e.tag() == DT_STRTAB).findFirst()
        .map(e -> fileOffset(segments, e.value()));
    List<String> needed = new ArrayList<>();
    Optional<String> soname = Optional.empty();
    Optional<String> rpath = Optional.empty();
    Optional<String> runpath = Optional.empty();
    for (Dynamic entry : entries) {
      long tag = entry.tag();
      if (tag != DT_NEEDED && tag != DT_SONAME && tag != DT_RPATH && tag != DT_RUNPATH) {
        continue;
      }
      String name = string(elf, strtab.orElseThrow(
          () -> new IllegalArgumentException("a dynamic section with names but no DT_STRTAB")) + entry.value());
      if (tag == DT_NEEDED) {
        needed.add(name);
      } else if (tag == DT_SONAME) {
        soname = Optional.of(name);
      } else if (tag == DT_RPATH) {
        rpath = Optional.of(name);
      } else {
        runpath = Optional.of(name);
      }
    }
    return new Elf(machine, interpreter, soname, needed, rpath, runpath);
  }

  /** Where the loadable segment that maps {@code address} holds it in the file. */
  private static long fileOffset(List<Segment> segments, long address) {
    return segments.stream()
        .filter(s -> s.type() == PT_LOAD && s.address() <= address && address < s.address() + s.fileSize())
        .findFirst()
        .map(s -> s.offset() + address - s.address())
        .orElseThrow(() -> new IllegalArgumentException(
            String.format("DT_STRTAB 0x%x is in no loadable segment", address)));
  }

  private static String string(ByteBuffer elf, long offset) {
    int start = Math.toIntExact(offset);
    int end = start;
    while (elf.get(end) != 0) {
      end++;
    }
    return new String(elf.array(), start, end - start, StandardCharsets.UTF_8);
  }
}

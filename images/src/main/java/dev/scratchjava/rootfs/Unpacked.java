package dev.scratchjava.rootfs;

import dev.scratchjava.support.CatalogException;
import java.nio.file.Path;
import java.util.List;

/**
 * A package's file system archive, unpacked: its entries in archive order, the folder holding its
 * regular files by path, and its control paragraph.
 */
public record Unpacked(String name, Path files, List<Entry> entries, String control) {
  public Unpacked {
    entries = List.copyOf(entries);
  }

  /** What an archive entry is; folders are left out, the image's folders come from the paths. */
  public enum Kind {
    FILE,
    SYMLINK,
    HARDLINK,
    OTHER
  }

  /**
   * One archive entry.
   *
   * @param path canonical path inside the image
   * @param mode permission bits
   * @param target a symbolic link's target as stored, or a hard link's canonical target path
   */
  public record Entry(Kind kind, String path, int mode, String target) {
    /** One line of the entries list: kind, octal mode, path and, for links, target, tab-separated. */
    String line(String pkg) {
      for (String part : target == null ? List.of(path) : List.of(path, target)) {
        if (part.contains("\t") || part.contains("\n")) {
          throw new CatalogException("package " + pkg + ": entry '" + path
              + "' has a tab or a line break in its name: refused");
        }
      }
      return kind + "\t" + Integer.toOctalString(mode) + "\t" + path
          + (target == null ? "" : "\t" + target);
    }

    static Entry parse(String line) {
      String[] parts = line.split("\t", -1);
      return new Entry(Kind.valueOf(parts[0]), parts[2], Integer.parseInt(parts[1], 8),
          parts.length > 3 ? parts[3] : null);
    }
  }
}

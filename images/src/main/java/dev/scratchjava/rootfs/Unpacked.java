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
   * @param sha256 a file's content hash, checked whenever the unpacked file is used
   */
  public record Entry(Kind kind, String path, int mode, String target, String sha256) {
    public Entry {
      // Read back from the cache, a path must still name a place inside the image.
      if (!FileTree.canonical(path).equals(path)
          || kind == Kind.HARDLINK && !FileTree.canonical(target).equals(target)) {
        throw new IllegalArgumentException("entry '" + path + "' is not a canonical path in the image");
      }
      if ((kind == Kind.FILE) != (sha256 != null && sha256.matches("[0-9a-f]{64}"))) {
        throw new IllegalArgumentException("entry '" + path + "': a file, and only a file, has a SHA-256");
      }
    }

    /** One line of the entries list: kind, octal mode, path, link target, SHA-256, tab-separated. */
    String line(String pkg) {
      for (String part : target == null ? List.of(path) : List.of(path, target)) {
        if (part.contains("\t") || part.contains("\n")) {
          throw new CatalogException("package " + pkg + ": entry '" + path
              + "' has a tab or a line break in its name: refused");
        }
      }
      return kind + "\t" + Integer.toOctalString(mode) + "\t" + path + "\t" + (target == null ? "" : target)
          + "\t" + (sha256 == null ? "" : sha256);
    }

    static Entry parse(String line) {
      String[] parts = line.split("\t", -1);
      if (parts.length != 5) {
        throw new IllegalArgumentException("entry line '" + line + "' has not 5 fields");
      }
      return new Entry(Kind.valueOf(parts[0]), parts[2], Integer.parseInt(parts[1], 8),
          parts[3].isEmpty() ? null : parts[3], parts[4].isEmpty() ? null : parts[4]);
    }
  }
}

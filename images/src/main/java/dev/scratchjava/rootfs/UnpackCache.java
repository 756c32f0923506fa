package dev.scratchjava.rootfs;

import dev.scratchjava.catalog.LockedPackage;
import dev.scratchjava.debian.DebFile;
import dev.scratchjava.debian.PackageCache;
import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Hashing;
import dev.scratchjava.support.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Packages unpacked once, by content: {@code <dir>/deb/<sha256>/} holds a verified .deb's files,
 * the list of its entries and its control paragraph; {@code <dir>/generated/<sha256>} holds files
 * the builder makes. Every path names its content and every file has the same modification time,
 * so jib-core recognises an unchanged layer by its entries and never compresses it twice, across
 * images and architectures alike. Entries appear whole or not at all (written under a temporary
 * name, then renamed).
 */
public final class UnpackCache {
  /** The modification time of every cached file: content is named by its hash, not its age. */
  private static final FileTime STABLE = FileTime.fromMillis(0);
  /** Named for its format: packages unpacked in an earlier one (without hashes) are unpacked again. */
  private static final String DEBS = "deb.v2";
  private static final String ENTRIES = "entries";
  private static final String CONTROL = "control";

  private final Path dir;
  private final PackageCache packages;

  public UnpackCache(Path dir, PackageCache packages) {
    this.dir = dir;
    this.packages = packages;
  }

  /** The unpacked files of {@code pin}, unpacking its verified .deb first if needed. */
  public Unpacked get(LockedPackage pin) {
    return get(pin, () -> packages.get(pin));
  }

  /** {@link #get}, with the verified .deb from {@code deb}, asked only when it is unpacked. */
  Unpacked get(LockedPackage pin, Supplier<Path> deb) {
    Path folder = dir.resolve(DEBS).resolve(pin.sha256());
    if (!Files.exists(folder.resolve(ENTRIES))) {
      unpack(pin, deb.get(), folder);
    }
    try {
      List<Unpacked.Entry> entries = new ArrayList<>();
      for (String line : Files.readAllLines(folder.resolve(ENTRIES), StandardCharsets.UTF_8)) {
        entries.add(Unpacked.Entry.parse(line));
      }
      String control = Files.readString(folder.resolve(CONTROL), StandardCharsets.UTF_8);
      Path files = folder.resolve("files");
      // A package of links only has no files folder.
      Path real = Files.exists(files) ? files.toRealPath() : files;
      for (Unpacked.Entry entry : entries) {
        Path file = files.resolve(entry.path());
        // The real path too: a folder on the way replaced by a link would lead out of the cache.
        if (entry.kind() == Unpacked.Kind.FILE
            && !(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && file.toRealPath().equals(real.resolve(entry.path()))
                && Hashing.sha256(file).equals(entry.sha256()))) {
          throw new CatalogException("/" + entry.path() + " changed since it was unpacked");
        }
      }
      return new Unpacked(pin.name(), files, entries, control);
    } catch (IOException | RuntimeException e) {
      throw new CatalogException(folder + ": unreadable unpacked package " + pin
          + " (delete the folder to unpack it again): " + e.getMessage());
    }
  }

  /** A file holding {@code content}, named by its hash; one whose bytes no longer match is rewritten. */
  public Path generated(byte[] content) {
    String sha256 = Hashing.sha256(content);
    Path file = dir.resolve("generated").resolve(sha256);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !Hashing.sha256(file).equals(sha256)) {
      AtomicFiles.write(file, temp -> {
        Files.write(temp, content);
        Files.setLastModifiedTime(temp, STABLE);
      });
    }
    return file;
  }

  private static void unpack(LockedPackage pin, Path deb, Path folder) {
    String name = pin.name();
    Path temp = null;
    try {
      Files.createDirectories(folder.getParent());
      temp = Files.createTempDirectory(folder.getParent(), "." + pin.sha256());
      Path files = temp.resolve("files");
      StringBuilder entries = new StringBuilder();
      long bound = expansionBound(deb);
      long[] expanded = new long[1];
      DebFile.forEachEntry(deb, name, (entry, content) -> {
        String path = canonical(name, entry.getName());
        if (path.isEmpty() || entry.isDirectory()) {
          return;
        }
        Unpacked.Entry record;
        int mode = entry.getMode() & 07777;
        if (entry.isSymbolicLink()) {
          record = new Unpacked.Entry(Unpacked.Kind.SYMLINK, path, mode, entry.getLinkName(), null);
        } else if (entry.isLink()) {
          record = new Unpacked.Entry(
              Unpacked.Kind.HARDLINK, path, mode, canonical(name, entry.getLinkName()), null);
        } else if (entry.isFile()) {
          Path file = files.resolve(path);
          Files.createDirectories(file.getParent());
          String sha256;
          // Counted as written, not as declared: a sparse entry declares less than it expands to.
          try (Hashing.Sink out = Hashing.sink(Files.newOutputStream(file))) {
            expanded[0] += Limits.atMost(content, bound - expanded[0], "package " + name + " expands past "
                + bound / (1 << 20) + " MiB, more than a .deb of its size can honestly hold; it")
                .transferTo(out);
            sha256 = out.sha256();
          }
          Files.setLastModifiedTime(file, STABLE);
          record = new Unpacked.Entry(Unpacked.Kind.FILE, path, mode, null, sha256);
        } else {
          record = new Unpacked.Entry(Unpacked.Kind.OTHER, path, mode, null, null);
        }
        entries.append(record.line(name)).append('\n');
      });
      Files.writeString(temp.resolve(CONTROL), DebFile.control(deb, name).strip() + "\n");
      Files.writeString(temp.resolve(ENTRIES), entries);
      try {
        Files.move(temp, folder);
      } catch (IOException e) {
        // Another build unpacked the same .deb meanwhile (same hash, same files); the engine says
        // so in more than one way, depending on when the two moves met.
        if (!Files.exists(folder.resolve(ENTRIES))) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(folder + ": " + e.getMessage(), e);
    } finally {
      AtomicFiles.deleteTree(temp);
    }
  }

  /** A path of a package's archive inside the image; one that escapes it is refused. */
  private static String canonical(String name, String entryName) {
    try {
      return FileTree.canonical(entryName);
    } catch (IllegalArgumentException e) {
      throw new CatalogException("package " + name + ": entry '" + entryName + "': " + e.getMessage());
    }
  }

  /**
   * How far a package may expand: xz packs real files 3 to 10 times, so fifty times the .deb
   * (and at least 64 MiB) stops a decompression bomb without ever stopping a real package.
   */
  static long expansionBound(Path deb) {
    try {
      return Math.max(64L << 20, 50 * Files.size(deb));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

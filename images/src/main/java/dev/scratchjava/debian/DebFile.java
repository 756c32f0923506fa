package dev.scratchjava.debian;

import com.github.luben.zstd.ZstdInputStream;
import dev.scratchjava.support.CatalogException;
import dev.scratchjava.support.Limits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/** Reads the file system archive of a .deb (an ar archive holding data.tar.*) in plain Java. */
public final class DebFile {
  /** Receives each entry of data.tar; {@code content} is the entry's bytes, for regular files. */
  @FunctionalInterface
  public interface EntryVisitor {
    void visit(TarArchiveEntry entry, InputStream content) throws IOException;
  }

  private DebFile() {}

  /** Visits each entry of the package's file system archive (data.tar). */
  public static void forEachEntry(Path deb, String name, EntryVisitor visitor) {
    forEachEntry(deb, name, "data.tar", visitor);
  }

  /** Debian's largest control files are a few KB. */
  private static final long MAX_CONTROL = 1L << 20;

  /** The package's control file: the paragraph dpkg keeps in its status database. */
  public static String control(Path deb, String name) {
    StringBuilder control = new StringBuilder();
    forEachEntry(
        deb,
        name,
        "control.tar",
        (entry, content) -> {
          if (entry.getName().equals("./control") || entry.getName().equals("control")) {
            control.append(new String(Limits.atMost(content, MAX_CONTROL, "package " + name + ": its control file")
                .readAllBytes(), StandardCharsets.UTF_8));
          }
        });
    if (control.length() == 0) {
      throw new CatalogException("package " + name + ": no control file in " + deb);
    }
    return control.toString();
  }

  private static void forEachEntry(Path deb, String name, String archive, EntryVisitor visitor) {
    try (ArArchiveInputStream ar =
        new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(deb)))) {
      for (ArArchiveEntry member = ar.getNextEntry(); member != null; member = ar.getNextEntry()) {
        if (member.getName().startsWith(archive)) {
          try (TarArchiveInputStream tar =
              new TarArchiveInputStream(decompress(member.getName(), ar, name))) {
            for (TarArchiveEntry entry = tar.getNextEntry();
                entry != null;
                entry = tar.getNextEntry()) {
              visitor.visit(entry, tar);
            }
          }
          return;
        }
      }
      throw new CatalogException("package " + name + ": no " + archive + " member in " + deb);
    } catch (IOException | UncheckedIOException e) {
      throw new CatalogException("package " + name + ": cannot read " + deb + ": " + e.getMessage(), e);
    }
  }

  private static InputStream decompress(String member, InputStream in, String name)
      throws IOException {
    String compression = member.substring(member.indexOf(".tar") + 4);
    return switch (compression) {
      case ".xz" -> new XZInputStream(in);
      case ".zst" -> new ZstdInputStream(in);
      case ".gz" -> new GZIPInputStream(in);
      case "" -> in;
      default -> throw new CatalogException("package " + name + ": unsupported member " + member);
    };
  }
}

package dev.scratchjava.bench;

import dev.scratchjava.support.AtomicFiles;
import dev.scratchjava.support.DockerSave;
import dev.scratchjava.support.Processes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The size of an image as the engine holds it, measured the same way for every image: the bytes
 * of its files, its layers gzip-compressed as a registry stores them (default level, as jib-core
 * and docker push write them), its layer count and its file count (links included).
 *
 * @param bytes the files' bytes, uncompressed
 * @param compressed the layers' bytes, gzip-compressed
 */
public record ImageFigures(long bytes, long compressed, int layers, int files) {

  /** Measures an image the local engine has, through {@code docker save}. */
  public static ImageFigures of(String reference, Path scratch) {
    Path saved = scratch.resolve("saved.tar");
    try {
      Processes.check(List.of("docker", "save", "--output", saved.toString(), reference),
          Duration.ofMinutes(10), "docker save " + reference);
      return read(saved);
    } finally {
      AtomicFiles.deleteQuietly(saved);
    }
  }

  static ImageFigures read(Path saved) {
    try (DockerSave image = DockerSave.open(saved)) {
      long bytes = 0;
      long compressed = 0;
      int files = 0;
      for (String layer : image.layers()) {
        CountingStream counter = new CountingStream();
        try (InputStream in = image.layer(layer);
            GZIPOutputStream gzip = new GZIPOutputStream(counter);
            TarArchiveInputStream entries = new TarArchiveInputStream(new TeeStream(in, gzip))) {
          for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
            if (!entry.isDirectory()) {
              files++;
              bytes += entry.isFile() ? entry.getSize() : 0;
            }
          }
          // The rest of the layer (end-of-archive blocks) is compressed too.
          in.transferTo(gzip);
        }
        compressed += counter.count;
      }
      return new ImageFigures(bytes, compressed, image.layers().size(), files);
    } catch (IOException e) {
      throw new UncheckedIOException(saved + ": " + e.getMessage(), e);
    }
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /** Copies what is read to a second stream: the layer is counted and compressed in one pass. */
  private static final class TeeStream extends FilterInputStream {
    private final OutputStream copy;

    TeeStream(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes are read instead, so that the copy sees them too.
      byte[] buffer = new byte[8192];
      long skipped = 0;
      while (skipped < n) {
        int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }
  }
}

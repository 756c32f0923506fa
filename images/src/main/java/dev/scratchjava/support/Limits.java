package dev.scratchjava.support;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Bounds on what is read from a mirror or out of an archive, so that no input can be too big. */
public final class Limits {
  private Limits() {}

  /**
   * {@code in}, failing as soon as it gives more than {@code limit} bytes; {@code what} names the
   * input in the error.
   */
  public static InputStream atMost(InputStream in, long limit, String what) {
    return new FilterInputStream(in) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
      }

      private void count(long n) {
        read += n;
        if (read > limit) {
          throw new CatalogException(what + ": more than " + limit + " bytes: refused");
        }
      }
    };
  }
}

package dev.scratchjava.support;

/** A failure the user can act on; its message is one line that names the file, field or package. */
public class CatalogException extends RuntimeException {
  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}

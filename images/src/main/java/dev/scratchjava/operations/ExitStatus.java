package dev.scratchjava.operations;

/** What the catalog's commands end with: one status per outcome a script can act on. */
public enum ExitStatus {
  OK(0, "done"),
  ERROR(1, "failed; one line on stderr names the file, field or package"),
  USAGE(2, "the command line is wrong; the line says which part"),
  DIGEST_DIFFERS(3, "build, verify, sign: a digest differs from the one its lock records"),
  GENERATED_STALE(4, "generate --check: a generated part of the docs or workflows is stale"),
  NEWER_PACKAGES(5, "lock --check: the mirror has newer builds of locked packages"),
  SUPPORT_ENDED(6, "lock --check: Debian's security support for an image's suites ended");

  private final int code;
  private final String meaning;

  ExitStatus(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}

package dev.scratchjava.rootfs;

import java.util.List;

/** What every image shares, in one place: the users, the fixed paths and the file-system rules. */
public final class Contract {
  /** The unprivileged user and group every image runs as by default. */
  public static final int NONROOT = 65532;

  public static final String NONROOT_HOME = "home/nonroot";
  public static final String TMP = "tmp";
  public static final String USER = NONROOT + ":" + NONROOT;

  /** Top-level folders that Debian's usrmerge turns into links into /usr. */
  public static final List<String> USRMERGE = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

  /** Debian's CA certificates, which the bundle and the Java truststore are made from. */
  public static final String CA_SOURCES = "usr/share/ca-certificates/mozilla/*.crt";
  public static final String CA_BUNDLE = "etc/ssl/certs/ca-certificates.crt";
  public static final String TRUSTSTORE = "etc/ssl/certs/java/cacerts";

  /** One control paragraph per package, where distroless images keep them for scanners. */
  public static final String PACKAGE_RECORDS = "var/lib/dpkg/status.d/";

  /** Every package's licence file is kept; a doc folder may be a link to another package's. */
  public static List<String> alwaysKept(String packageName) {
    return List.of(
        "usr/share/doc/" + packageName + "/copyright", "usr/share/doc/" + packageName);
  }

  public static final String PASSWD =
      "root:x:0:0:root:/root:/sbin/nologin\n"
          + "nonroot:x:" + NONROOT + ":" + NONROOT + ":nonroot:/" + NONROOT_HOME + ":/sbin/nologin\n";
  public static final String GROUP = "root:x:0:\nnonroot:x:" + NONROOT + ":\n";
  public static final String NSSWITCH = "passwd: files\ngroup: files\nhosts: files dns\n";

  public static final String LANG = "C.UTF-8";

  private Contract() {}
}

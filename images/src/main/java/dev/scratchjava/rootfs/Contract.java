package dev.scratchjava.rootfs;

import java.util.List;

/** What every image shares, in one place: the users, the fixed paths and the file-system rules. */
public final class Contract {
  /** The unprivileged user and group every image runs as by default. */
  public static final int NONROOT = 65532;

  public static final String NONROOT_HOME = "home/nonroot";
  /** Debian's nobody and nogroup, which manifests name. */
  public static final int NOBODY = 65534;
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
          + "nonroot:x:" + NONROOT + ":" + NONROOT + ":nonroot:/" + NONROOT_HOME + ":/sbin/nologin\n"
          + "nobody:x:" + NOBODY + ":" + NOBODY + ":nobody:/nonexistent:/sbin/nologin\n";
  public static final String GROUP =
      "root:x:0:\nnonroot:x:" + NONROOT + ":\nnogroup:x:" + NOBODY + ":\n";
  /** A UID not in /etc/passwd gets an entry from libnss-unknown: its name, and $HOME as home. */
  public static final String NSSWITCH = "passwd: files unknown\ngroup: files\nhosts: files dns\n";
  /**
   * $HOME for every user: the engine keeps an image's HOME, and libnss-unknown makes it the home
   * of UIDs without an entry. Java reads a user's home from the passwd entry, so 65532 and root
   * keep theirs.
   */
  public static final String HOME = "/" + NONROOT_HOME;
  /** Without TZ and /etc/localtime, Java names the zone GMT; TZ makes it UTC, and users may set another. */
  public static final String TZ = "UTC";

  /**
   * fontconfig writes a cache for fonts it has none for, and prints "No writable cache
   * directories" where it cannot: with a read-only root file system its directories (/var/cache,
   * the home) are not writable, but /tmp is (a tmpfs). It is named in Debian's own local.conf,
   * which fonts.conf includes; fonts.conf's own cache directories follow it.
   */
  public static final String FONTCONFIG_LOCAL = "etc/fonts/local.conf";
  public static final String FONTCONFIG_CONF = "etc/fonts/fonts.conf";
  public static final String FONTCONFIG_LOCAL_CONTENT = """
      <?xml version="1.0"?>
      <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
      <fontconfig>
        <cachedir>/tmp/fontconfig</cachedir>
      </fontconfig>
      """;

  public static final String LANG = "C.UTF-8";

  /**
   * The JVM options a Java image starts with, read through {@code -XX:Flags=} in the entrypoint:
   * HotSpot reads that file before JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS (Java 9 and later) and the command line, so
   * each of them overrides it, and it prints nothing (JAVA_TOOL_OPTIONS would print "Picked up").
   * The heap takes 75 % of the container's memory limit instead of the JVM's 25 %, and an
   * OutOfMemoryError ends the JVM, so that the orchestrator restarts it. An explicit percentage
   * lets HotSpot give up compressed oops for a heap past about 32 GiB (a limit or host of about
   * 43 GiB and more), and with them the CDS archives, which are made with them:
   * +UseCompressedOops keeps them and stops the heap short of that instead. "75.0": Java 8 refuses
   * a double written without a decimal point.
   */
  public static final String JVM_DEFAULTS = "etc/java/defaults.flags";
  public static final String JVM_DEFAULTS_CONTENT = """
      # The image's JVM defaults, read through -XX:Flags= in its entrypoint. JAVA_TOOL_OPTIONS,
      # JDK_JAVA_OPTIONS and options on the command line override them.
      MaxRAMPercentage=75.0
      +UseCompressedOops
      +ExitOnOutOfMemoryError
      """;
  public static final List<String> ENTRYPOINT = List.of("/usr/bin/java", "-XX:Flags=/" + JVM_DEFAULTS);

  private Contract() {}
}

package dev.scratchjava.rootfs;

import java.nio.file.Path;

/**
 * One path of an image's file system.
 *
 * @param path relative to the image root, no leading slash
 * @param kind what it is
 * @param mode permission bits, including setuid, setgid and sticky
 * @param uid owner
 * @param gid group
 * @param target a link's target (as the link stores it), else null
 * @param source where a file's bytes are staged on the build host, else null
 * @param size a file's size in bytes, else 0
 * @param origin the package (or generator) it comes from, which also names its layer
 */
public record Node(
    String path, Kind kind, int mode, int uid, int gid, String target, Path source, long size,
    String origin) {

  /** The kinds of entry an image holds. Hard links are stored as files. */
  public enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK
  }

  public static final String SKELETON = "skeleton";

  /**
   * Whether the node belongs in the skeleton layer the build writes itself: folders and links
   * (jib-core cannot write links, and follows them on the build host) and the skeleton's own files.
   * Every other file goes into its package's jib-core layer.
   */
  public boolean inSkeleton() {
    return kind != Kind.FILE || origin.equals(SKELETON);
  }

  static Node directory(String path, int mode, int uid, int gid) {
    return new Node(path, Kind.DIRECTORY, mode, uid, gid, null, null, 0, SKELETON);
  }
}

package dev.scratchjava.rootfs;

import dev.scratchjava.support.CatalogException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file system of one image, decided in one place: every path with its kind, mode, owner,
 * link target and origin. The contract's file-system rules are checked here, before any layer is
 * written.
 */
public final class FileTree {
  private static final int MAX_LINK_HOPS = 40;

  private final Map<String, Node> nodes = new TreeMap<>();

  /**
   * The canonical form of a path inside the image: relative, no {@code .} or {@code ..}, and
   * top-level folders that usrmerge makes links (lib, bin, ...) moved under usr/, so that no layer
   * ever writes a real folder where the image has a link.
   */
  public static String canonical(String name) {
    String path = name.startsWith("./") ? name.substring(2) : name;
    if (path.startsWith("/")) {
      throw new IllegalArgumentException("absolute path '" + name + "'");
    }
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IllegalArgumentException("path '" + name + "' escapes the image root");
      }
      out.append(out.length() == 0 ? "" : "/").append(part);
    }
    String result = out.toString();
    int slash = result.indexOf('/');
    String top = slash < 0 ? result : result.substring(0, slash);
    return Contract.USRMERGE.contains(top) ? "usr/" + result : result;
  }

  public void addDirectory(String path, int mode, int uid, int gid) {
    put(Node.directory(path, mode, uid, gid));
  }

  public void addFile(String path, int mode, Path source, long size, String origin) {
    put(new Node(path, Node.Kind.FILE, mode, 0, 0, null, source, size, origin));
  }

  public void addSymlink(String path, String target, String origin) {
    if (target.isEmpty()) {
      throw new CatalogException(origin + ": link /" + path + " has an empty target");
    }
    put(new Node(path, Node.Kind.SYMLINK, 0777, 0, 0, target, null, 0, origin));
  }

  public boolean contains(String path) {
    return nodes.containsKey(path);
  }

  public Node get(String path) {
    return nodes.get(path);
  }

  /** Every node, sorted by path (parents before children). */
  public Collection<Node> nodes() {
    return nodes.values();
  }

  public long fileBytes() {
    return nodes.values().stream().mapToLong(Node::size).sum();
  }

  /** Adds a node; explicit folders must come before anything inside them. */
  private void put(Node node) {
    ensureParents(node.path(), node.origin());
    Node existing = nodes.putIfAbsent(node.path(), node);
    if (existing != null) {
      throw new CatalogException("/" + node.path() + " comes from both " + existing.origin()
          + " and " + node.origin());
    }
  }

  private void ensureParents(String path, String origin) {
    int slash = path.indexOf('/');
    while (slash > 0) {
      String parent = path.substring(0, slash);
      Node existing = nodes.get(parent);
      if (existing == null) {
        nodes.put(parent, Node.directory(parent, 0755, 0, 0));
      } else if (existing.kind() != Node.Kind.DIRECTORY) {
        throw new CatalogException(origin + ": /" + path + " lies below /" + parent
            + ", which is not a folder (from " + existing.origin() + ")");
      }
      slash = path.indexOf('/', slash + 1);
    }
  }

  /**
   * Checks the contract's rules: no setuid or setgid file, nothing world-writable but /tmp (which
   * is sticky), everything owned by root but the non-root user's home, and every link resolving
   * inside the image.
   */
  public void validate() {
    for (Node node : nodes.values()) {
      String where = "/" + node.path() + " (from " + node.origin() + ")";
      boolean isTmp = node.path().equals(Contract.TMP);
      if (node.kind() != Node.Kind.SYMLINK) {
        if ((node.mode() & 06000) != 0) {
          throw new CatalogException(where + " is setuid or setgid: drop it in the definition");
        }
        if ((node.mode() & 0002) != 0 && !isTmp) {
          throw new CatalogException(where + " is world-writable");
        }
        if ((node.mode() & 01000) != 0 && !isTmp) {
          throw new CatalogException(where + " has the sticky bit");
        }
        if ((node.uid() != 0 || node.gid() != 0) && !node.path().equals(Contract.NONROOT_HOME)) {
          throw new CatalogException(where + " is not owned by root");
        }
      } else {
        resolve(node.path(), where);
      }
    }
    Node tmp = nodes.get(Contract.TMP);
    if (tmp == null || tmp.mode() != 01777) {
      throw new CatalogException("/tmp must exist with mode 1777");
    }
  }

  /** Follows a path through links inside the image; a dangling or escaping link is an error. */
  private void resolve(String linkPath, String where) {
    Deque<String> pending = new ArrayDeque<>();
    for (String part : linkPath.split("/")) {
      pending.addLast(part);
    }
    Deque<String> resolved = new ArrayDeque<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (resolved.isEmpty()) {
          throw new CatalogException(where + ": link target escapes the image root");
        }
        resolved.removeLast();
        continue;
      }
      resolved.addLast(part);
      String path = String.join("/", resolved);
      Node current = nodes.get(path);
      if (current == null) {
        throw new CatalogException(where + ": link target /" + path + " is not in the image");
      }
      if (current.kind() == Node.Kind.SYMLINK) {
        if (++hops > MAX_LINK_HOPS) {
          throw new CatalogException(where + ": too many levels of links");
        }
        resolved.removeLast();
        String target = current.target();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        String[] parts = target.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
          pending.addFirst(parts[i]);
        }
      }
    }
  }
}

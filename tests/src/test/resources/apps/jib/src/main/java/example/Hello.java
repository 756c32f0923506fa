package example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints what the container runs as: architecture, Java version and user id, one per line. */
public class Hello {
  public static void main(String[] args) throws IOException {
    System.out.println("os.arch=" + System.getProperty("os.arch"));
    System.out.println("java.version=" + System.getProperty("java.version"));
    // The number the kernel runs it as, not a name from /etc/passwd.
    String uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("Uid:"))
        .map(line -> line.split("\\s+")[1])
        .findFirst()
        .orElseThrow();
    System.out.println("uid=" + uid);
  }
}

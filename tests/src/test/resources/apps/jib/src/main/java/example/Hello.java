package example;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints what the container runs as, one per line: architecture, Java version, user id, and
 * whether the image's JVM defaults (ExitOnOutOfMemoryError among them) reached the JVM.
 */
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
    System.out.println("ExitOnOutOfMemoryError=" + ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .getVMOption("ExitOnOutOfMemoryError").getValue());
  }
}

import java.util.ArrayList;
import java.util.List;

/**
 * An application to debug from outside: without arguments it says hello once a second (a
 * debugger stops in {@link #greet} and reads {@code greeting}); with {@code oom} it fills the heap.
 */
public class Debuggee {
  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("oom")) {
      List<long[]> hoard = new ArrayList<long[]>();
      while (true) {
        hoard.add(new long[1 << 16]);
      }
    }
    System.out.println("debuggee started");
    for (int n = 0; ; n++) {
      greet(n);
      Thread.sleep(1000);
    }
  }

  static String greet(int n) {
    String greeting = "hello " + n;
    return greeting.trim();
  }
}

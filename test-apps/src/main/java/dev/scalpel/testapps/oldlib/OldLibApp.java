package dev.scalpel.testapps.oldlib;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.lang.SerializationUtils;
import org.apache.commons.lang.StringUtils;

/**
 * An application on a library compiled for Java 1.2: Apache Commons Lang 2.4 (class file
 * version 46), from Maven Central, on its class path. {@code SerializationUtils} of that release
 * closes its streams in {@code finally} blocks compiled to subroutines ({@code jsr}/{@code ret}).
 * It prints, one {@code name=value} line each:
 *
 * <ul>
 *   <li>{@code lang.major}: the class file version of {@code StringUtils}, to show the premise;
 *   <li>{@code abbreviate}: {@code StringUtils.abbreviate("Surgical hotfixes for running JVMs", 16)};
 *   <li>{@code roundtrip}: {@code SerializationUtils.clone("scalpel")}, which serializes and
 *       deserializes through both methods with subroutines.
 * </ul>
 *
 * <p>{@code OldLibApp --serve STOP_FILE} computes the last two lines every 100 ms and prints them
 * again whenever one changes, until {@code STOP_FILE} exists or standard input closes: the
 * process to attach to.
 */
public final class OldLibApp {

  private OldLibApp() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.out.println("lang.major=" + majorVersion(StringUtils.class));
    if (args.length == 2 && args[0].equals("--serve")) {
      serve(Path.of(args[1]));
    } else if (args.length == 0) {
      results().forEach(System.out::println);
    } else {
      System.err.println("usage: OldLibApp [--serve STOP_FILE]");
      System.exit(2);
    }
  }

  private static List<String> results() {
    return List.of(
        "abbreviate=" + StringUtils.abbreviate("Surgical hotfixes for running JVMs", 16),
        "roundtrip=" + SerializationUtils.clone("scalpel"));
  }

  private static void serve(Path stopFile) throws IOException, InterruptedException {
    Thread stdinWatch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // Only the end of the input matters.
        }
      } catch (Throwable t) {
        // A broken standard input ends the serve loop as its end does.
      }
      try {
        Files.createFile(stopFile);
      } catch (Throwable t) {
        // The file exists already: the loop stops either way.
      }
    }, "stdin-watch");
    stdinWatch.setDaemon(true);
    stdinWatch.start();
    List<String> last = List.of();
    while (!Files.exists(stopFile)) {
      List<String> now = results();
      if (!now.equals(last)) {
        now.forEach(System.out::println);
        System.out.flush();
        last = now;
      }
      Thread.sleep(100);
    }
  }

  private static int majorVersion(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      byte[] header = in.readNBytes(8);
      return (header[6] & 0xff) << 8 | header[7] & 0xff;
    }
  }
}

package dev.scalpel.testapps.boot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * An application packaged as a Spring Boot executable jar: its own class sits in
 * {@code BOOT-INF/classes} and SnakeYAML in a jar nested in {@code BOOT-INF/lib}, both loaded by the
 * launcher's class loader, which the system class loader cannot see.
 *
 * <p>Usage: {@code java -jar app.jar} prints its two lines once and exits; {@code java -jar app.jar
 * --serve STOP_FILE} prints them whenever they change, every 100 ms, until {@code STOP_FILE} exists.
 */
public final class BootApp {

  private BootApp() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 2 && args[0].equals("--serve")) {
      serve(Path.of(args[1]));
    } else {
      lines().forEach(System.out::println);
    }
  }

  /** What the application prints: the loader of its classes, a greeting, and a YAML document. */
  static List<String> lines() {
    return List.of(
        "loader=" + BootApp.class.getClassLoader().getClass().getName(),
        "greeting=" + new Greeter().greet("Ada"),
        "yaml=" + new Yaml().dump(Map.of("name", "scalpel")).trim());
  }

  private static void serve(Path stopFile) throws InterruptedException {
    System.out.println("serving");
    List<String> last = List.of();
    while (!Files.exists(stopFile)) {
      List<String> now = lines();
      for (int i = 0; i < now.size(); i++) {
        if (i >= last.size() || !now.get(i).equals(last.get(i))) {
          System.out.println(now.get(i));
        }
      }
      last = now;
      Thread.sleep(100);
    }
    System.out.println("stopped");
  }
}

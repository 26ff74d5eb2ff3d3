package dev.scalpel.testapps.boot.fixes;

import dev.scalpel.api.Original;
import dev.scalpel.testapps.boot.Greeter;
import org.yaml.snakeyaml.Yaml;

/**
 * Fixes for the executable jar's application. Both name types that only the launcher's class
 * loader can see: the application's own {@link Greeter}, and SnakeYAML from a nested jar.
 */
public final class BootFixes {

  private BootFixes() {}

  /** Keeps the name as it was given. */
  public static String greet(Greeter self, String name) {
    return "hello, " + name;
  }

  /** Marks every document as fixed, after the original dump. */
  public static String dump(Yaml self, Object data) {
    return "# fixed " + Original.call(() -> self.dump(data));
  }
}

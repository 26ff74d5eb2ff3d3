package dev.scalpel.testapps.targets;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A long-running host that loads a plugin class only when told to, so that a test can watch what
 * happens to a patch whose class is not loaded yet, in a JVM that is still there to be asked.
 *
 * <p>Usage: {@code PluginHost PLUGIN_JAR LOAD_FILE}. It prints {@code ready}, waits until
 * {@code LOAD_FILE} exists, loads {@code dev.scalpel.testapps.plugin.GreetingPlugin} from
 * {@code PLUGIN_JAR} through a class loader of its own named {@code plugin}, prints
 * {@code plugin=GREETING}, then runs until its standard input is closed and prints {@code stopped}.
 * The wait for the file gives up after ten minutes, so that a forgotten process ends.
 */
public final class PluginHost {

  private static final long POLL_MILLIS = 50;
  private static final long GIVE_UP_MILLIS = 600_000;

  private PluginHost() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PluginHost PLUGIN_JAR LOAD_FILE");
      System.exit(2);
    }
    URL pluginJar = Path.of(args[0]).toUri().toURL();
    Path loadFile = Path.of(args[1]);
    System.out.println("ready");
    long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
    while (!Files.exists(loadFile) && System.currentTimeMillis() < deadline) {
      Thread.sleep(POLL_MILLIS);
    }
    try (URLClassLoader loader = new URLClassLoader("plugin", new URL[] {pluginJar}, PluginHost.class.getClassLoader())) {
      Supplier<?> plugin = (Supplier<?>) Class.forName(TargetZoo.PLUGIN_CLASS, true, loader)
          .getConstructor().newInstance();
      System.out.println("plugin=" + plugin.get());
      // Until stdin closes: the test asks the agent about the patch meanwhile.
      System.in.transferTo(OutputStream.nullOutputStream());
    }
    System.out.println("stopped");
  }
}

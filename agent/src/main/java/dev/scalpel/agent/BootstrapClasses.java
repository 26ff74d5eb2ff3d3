package dev.scalpel.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Defines the dispatcher and the fix API in the bootstrap class loader, so that every class loader,
 * the JDK's included, links patched methods to one shared dispatcher and fixes to one shared API.
 *
 * <p>The classes are defined one by one from their bytes, never appended as a jar to the bootstrap
 * class path: an appended path makes the JVM print "Sharing is only supported for boot loader
 * classes because bootstrap classpath has been appended" and stops an application started from a
 * class data sharing archive (or JDK 25's AOT cache) from loading its archived classes
 * ({@code StartupWarningsIT} checks both). The definition goes through {@link
 * dev.scalpel.agent.boot.BootDefiner}, loaded in a throwaway class loader whose unnamed module is
 * the only one given access to {@code jdk.internal.misc}: the application's own unnamed module, where
 * the agent's classes live, gains nothing. The classes are read as resources, never loaded, before
 * they are defined: loaded first by the agent's own loader they would exist twice.
 */
final class BootstrapClasses {

  /** Exactly the classes defined in the bootstrap loader: java.* dependencies only. */
  static final List<String> CLASSES = List.of(
      "dev/scalpel/bootstrap/Dispatcher",
      "dev/scalpel/bootstrap/Dispatcher$Linker",
      "dev/scalpel/api/Original",
      "dev/scalpel/api/Original$Call",
      "dev/scalpel/api/Original$Run");

  /** The class that defines them, loaded only by {@link Isolated}. */
  static final String DEFINER = "dev/scalpel/agent/boot/BootDefiner";

  private static final int MAX_CLASS_BYTES = 1 << 20;

  private BootstrapClasses() {}

  /**
   * Defines every class of {@link #CLASSES} in the bootstrap class loader, skipping those already
   * there (an earlier start that failed later keeps them: the JVM cannot take them back).
   *
   * @throws IOException if the agent jar lacks one of them
   * @throws IllegalStateException if the JVM refuses one; those defined before it stay
   */
  static void define(Instrumentation instrumentation) throws IOException {
    BiFunction<String, byte[], Class<?>> definer = null;
    for (String name : CLASSES) {
      String binary = name.replace('/', '.');
      if (inBootLoader(binary)) {
        continue;
      }
      if (definer == null) {
        definer = definer(instrumentation);
      }
      definer.apply(binary, bytes(name));
    }
  }

  private static boolean inBootLoader(String binary) {
    try {
      Class.forName(binary, false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static BiFunction<String, byte[], Class<?>> definer(Instrumentation instrumentation) throws IOException {
    Class<?> type = new Isolated().define(DEFINER.replace('/', '.'), bytes(DEFINER));
    Module base = Object.class.getModule();
    instrumentation.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(type.getModule())),
        Map.of(), Set.of(), Map.of());
    try {
      return (BiFunction<String, byte[], Class<?>>) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach the JDK's class definition to put the dispatcher in the"
          + " bootstrap class loader: " + e, e);
    }
  }

  private static byte[] bytes(String name) throws IOException {
    String resource = name + ".class";
    try (InputStream in = BootstrapClasses.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the agent jar lacks " + resource + "; rebuild the agent jar");
      }
      byte[] bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
      if (bytes.length > MAX_CLASS_BYTES) {
        throw new IOException(resource + " in the agent jar is over " + MAX_CLASS_BYTES + " bytes; rebuild the agent jar");
      }
      return bytes;
    }
  }

  /** A loader of one class, with the bootstrap loader as its parent: its unnamed module is its own. */
  private static final class Isolated extends ClassLoader {

    Isolated() {
      super("scalpel-boot-definer", null);
    }

    Class<?> define(String name, byte[] bytes) {
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}

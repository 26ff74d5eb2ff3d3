package dev.scalpel.engine;

import dev.scalpel.dsl.Patch;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The one engine of the test JVM, against a real {@link Instrumentation}: the dispatcher's linker is
 * global to the JVM, so every test class that patches classes here shares it. It records what it
 * reports.
 */
final class TestEngine {

  /** Every error reported, other than a patch failure. */
  static final List<String> ERRORS = new CopyOnWriteArrayList<>();
  /** Every activation after an apply: {@code "ID STATE WHERE"}. */
  static final List<String> ACTIVATIONS = new CopyOnWriteArrayList<>();
  /** Every patch failure after an apply: {@code "ID: PROBLEM"}. */
  static final List<String> FAILURES = new CopyOnWriteArrayList<>();

  private static Instrumentation instrumentation;
  private static PatchEngine engine;

  private TestEngine() {}

  static synchronized PatchEngine engine() {
    if (engine == null) {
      instrumentation = ByteBuddyAgent.install();
      engine = new PatchEngine(instrumentation, new Reporter() {
        @Override
        public void info(String message) {}

        @Override
        public void error(String message) {
          ERRORS.add(message);
        }

        @Override
        public void patchInstalled(Patch patch, String jarSha256, String where, String state) {
          ACTIVATIONS.add(patch.id() + " " + state + " " + where);
        }

        @Override
        public void patchFailed(Patch patch, String jarSha256, String problem) {
          FAILURES.add(patch.id() + ": " + problem);
        }
      }, true);
    }
    // Other tests of this JVM install linkers of their own.
    engine.relink();
    return engine;
  }

  static synchronized Instrumentation instrumentation() {
    engine();
    return instrumentation;
  }

  /** A patch jar holding {@code fixture} renamed to {@code name}, so that no test class path holds it. */
  static Path renamedJar(Path file, Class<?> fixture, String name) throws Exception {
    byte[] renamed = new ByteBuddy().redefine(fixture).name(name).make().getBytes();
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream j = new JarOutputStream(out)) {
      j.putNextEntry(new ZipEntry(name.replace('.', '/') + ".class"));
      j.write(renamed);
      j.closeEntry();
    }
    return file;
  }

  /** The class file of {@code type} as the JVM holds it now, captured by a retransformation. */
  static byte[] currentClassFile(Class<?> type) throws Exception {
    java.util.concurrent.atomic.AtomicReference<byte[]> seen = new java.util.concurrent.atomic.AtomicReference<>();
    java.lang.instrument.ClassFileTransformer capture = new java.lang.instrument.ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined,
          java.security.ProtectionDomain domain, byte[] bytes) {
        if (redefined == type) {
          seen.set(bytes.clone());
        }
        return null;
      }
    };
    Instrumentation inst = instrumentation();
    inst.addTransformer(capture, true);
    try {
      inst.retransformClasses(type);
    } finally {
      inst.removeTransformer(capture);
    }
    return seen.get();
  }
}

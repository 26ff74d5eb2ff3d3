package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import java.io.IOException;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How Scalpel's transformer is registered with the JVM and run again over loaded classes, so that
 * its prologue sits inside every other agent's instrumentation of the same method, whichever agent
 * loaded first.
 *
 * <p>The transformer is registered as retransformation-incapable. The JVM runs such transformers
 * before every retransformation-capable one (an OpenTelemetry-style agent's) when a class loads or is
 * redefined, so the others wrap Scalpel's prologue; when another agent retransforms the class, the
 * JVM replays Scalpel's output without calling it. A loaded class is therefore changed by
 * redefining it from its own class file, read from its class loader: every transformer runs again on
 * those bytes, Scalpel's first, and the other agents wrap the result as they did at load.
 *
 * <p>Where redefinition cannot be used (the loader does not serve the class file, or the JVM refuses
 * the redefinition, for example because another agent changed the class's shape at load and is
 * gone), the class is retransformed instead, and a second, retransformation-capable registration
 * adds the prologue for that class: outermost, outside the other agents' code, which
 * {@link #outermost} reports.
 *
 * <p>A class file older than Java 7 (raised to version 51 to hold the prologue) is left to the capable
 * registration altogether, at load and after: the prologue is outermost there.
 *
 * <p>Some JDK 17 updates do not replay an incapable transformer's output when another agent
 * retransforms a class that was redefined. The capable registration notices the missing prologue,
 * puts it back outermost at once (the fix keeps answering), and has the class redefined again from
 * its class file on a thread of its own, which puts the prologue back inside.
 */
final class ClassRewriter {

  private static final int RAISED_VERSION = 51;
  private static final byte[] DISPATCHER = Dispatcher.class.getName().replace('.', '/')
      .getBytes(StandardCharsets.UTF_8);

  private final Instrumentation instrumentation;
  private final ClassFileTransformer transformer;
  private final Predicate<String> targeted;
  private final Consumer<String> errors;
  // Both weak, so that a class loader the application discards is not kept.
  private final Map<Class<?>, Boolean> retransformed = new WeakHashMap<>();
  private final Map<Class<?>, Boolean> dropped = new WeakHashMap<>();
  private final ThreadLocal<Class<?>> redefining = new ThreadLocal<>();
  private final ClassFileTransformer innermost = new Innermost();
  private final ClassFileTransformer outermost = new Outermost();
  private Thread repairer;

  /**
   * @param transformer Scalpel's transformer
   * @param targeted    whether a patch in force targets a class, by internal name
   * @param errors      where a failed repair is reported
   */
  ClassRewriter(Instrumentation instrumentation, ClassFileTransformer transformer, Predicate<String> targeted,
      Consumer<String> errors) {
    this.instrumentation = instrumentation;
    this.transformer = transformer;
    this.targeted = targeted;
    this.errors = errors;
  }

  /** Registers the transformer: first (innermost) at every load and redefinition, and as the fallback. */
  void register() {
    instrumentation.addTransformer(innermost, false);
    instrumentation.addTransformer(outermost, true);
  }

  /** Removes both registrations: classes already changed keep what they hold. */
  void unregister() {
    instrumentation.removeTransformer(innermost);
    instrumentation.removeTransformer(outermost);
  }

  /** Whether {@code type} holds its prologue outside other agents' instrumentation, for good. */
  synchronized boolean outermost(Class<?> type) {
    return retransformed.containsKey(type);
  }

  /**
   * Runs the transformer again over {@code classes} with the plan now in force: by redefinition
   * from each class's class file where it can be read and the JVM accepts it, by retransformation
   * otherwise. A failure is added to {@code problems}; then that group of classes is unchanged.
   */
  void rewrite(Collection<Class<?>> classes, List<String> problems) {
    if (classes.isEmpty()) {
      return;
    }
    List<ClassDefinition> definitions = new ArrayList<>();
    List<Class<?>> fallback = new ArrayList<>();
    for (Class<?> type : classes) {
      byte[] classFile = outermost(type) ? null : classFile(type);
      // A class file older than Java 7 is raised to version 51 to hold the prologue. Redefining a
      // class between versions leaves HotSpot unable to retransform it afterwards (ClassFormatError,
      // OldClassFilesInstrumentedTest), so such a class is only ever changed by the capable
      // registration, at load and by retransformation, which always starts from the JVM's copy of
      // its original bytes and so can take the prologue out again (OldLibIT).
      if (classFile != null && majorVersion(classFile) < RAISED_VERSION) {
        classFile = null;
      }
      if (classFile == null) {
        fallback.add(type);
      } else {
        definitions.add(new ClassDefinition(type, classFile));
      }
    }
    if (!definitions.isEmpty() && !redefine(definitions)) {
      // One class the JVM refused must not keep the others from their place inside.
      for (ClassDefinition d : definitions) {
        if (!redefine(List.of(d))) {
          fallback.add(d.getDefinitionClass());
        }
      }
    }
    if (!fallback.isEmpty()) {
      retransform(fallback, problems);
    }
  }

  private boolean redefine(List<ClassDefinition> definitions) {
    try {
      instrumentation.redefineClasses(definitions.toArray(new ClassDefinition[0]));
      return true;
    } catch (ClassNotFoundException | UnmodifiableClassException | RuntimeException | LinkageError e) {
      return false;
    } finally {
      redefining.remove();
    }
  }

  private void retransform(List<Class<?>> classes, List<String> problems) {
    synchronized (this) {
      for (Class<?> c : classes) {
        retransformed.put(c, Boolean.TRUE);
      }
    }
    try {
      instrumentation.retransformClasses(classes.toArray(new Class<?>[0]));
    } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
      problems.add("retransformation of " + classes + " failed, no class changed: " + e);
    }
  }

  // The class file its loader serves: the bytes the JVM defined the class from, unless something
  // defined it from other bytes, which the JVM then refuses to take as the class's new version.
  private static byte[] classFile(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    try {
      return ClassFiles.of(loader).find(type.getName());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static int majorVersion(byte[] classFile) {
    return classFile.length < 8 ? 0 : ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
  }

  /** Whether a class file holds a prologue: its call sites name the dispatcher, which no application class does. */
  static boolean holdsPrologue(byte[] classFile) {
    outer:
    for (int i = 0, last = classFile.length - DISPATCHER.length; i <= last; i++) {
      for (int j = 0; j < DISPATCHER.length; j++) {
        if (classFile[i + j] != DISPATCHER[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  // Redefinition cannot run inside a transformation; the repair waits on a thread of its own.
  private synchronized void repairLater(Class<?> type) {
    dropped.put(type, Boolean.TRUE);
    if (repairer == null) {
      repairer = new Thread(this::repairLoop, "scalpel-repair");
      repairer.setDaemon(true);
      repairer.start();
    } else {
      notifyAll();
    }
  }

  private void repairLoop() {
    while (true) {
      List<Class<?>> due;
      try {
        synchronized (this) {
          while (dropped.isEmpty()) {
            wait();
          }
          due = new ArrayList<>(dropped.keySet());
          dropped.clear();
        }
        List<String> problems = new ArrayList<>();
        rewrite(due, problems);
        problems.forEach(errors);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable t) {
        // Don't rethrow: the loop must outlive one failed repair, and the prologue is still there.
        errors.accept("cannot put the prologue back inside other agents' code: " + t);
      }
    }
  }

  /**
   * The incapable registration: every load and every redefinition, before any capable transformer.
   * A redefinition puts the prologue inside again, so the class leaves the fallback.
   */
  private final class Innermost implements ClassFileTransformer {
    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
        ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
      if (majorVersion(classFile) < RAISED_VERSION) {
        return null;
      }
      if (classBeingRedefined != null) {
        redefining.set(classBeingRedefined);
        synchronized (ClassRewriter.this) {
          retransformed.remove(classBeingRedefined);
        }
      }
      return transformer.transform(loader, className, classBeingRedefined, domain, classFile);
    }
  }

  /**
   * The capable registration, called after the capable transformers registered before it. It
   * leaves loads and redefinitions to {@link Innermost}; on a retransformation it adds the
   * prologue for a class in the fallback, and for a class whose replayed bytes lost it.
   */
  private final class Outermost implements ClassFileTransformer {
    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
        ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
      boolean old = majorVersion(classFile) < RAISED_VERSION;
      if (classBeingRedefined == null) {
        return old ? transformer.transform(loader, className, null, domain, classFile) : null;
      }
      if (redefining.get() == classBeingRedefined) {
        return null;
      }
      // Every agent's retransformation of every class comes here: a class no patch targets is done.
      if (className == null || !targeted.test(className)) {
        return null;
      }
      boolean fallback = old || outermost(classBeingRedefined);
      if (!fallback && holdsPrologue(classFile)) {
        return null;
      }
      byte[] result = transformer.transform(loader, className, classBeingRedefined, domain, classFile);
      if (result != null && !fallback) {
        repairLater(classBeingRedefined);
      }
      return result;
    }
  }
}

package dev.scalpel.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Defines the dispatcher and the fix API in the bootstrap class loader, so that every class loader,
 * the JDK's included, links patched methods to one shared dispatcher and fixes to one shared API.
 *
 * <p>The classes are defined one by one from their bytes, never appended as a jar to the bootstrap
 * class path: an appended path makes the JVM print "Sharing is only supported for boot loader
 * classes because bootstrap classpath has been appended" and stops an application started from a
 * class data sharing archive (or JDK 25's AOT cache) from loading its archived classes
 * ({@code StartupWarningsIT} checks both). The definition goes through a definer class the agent
 * writes at run time ({@link #definerBytes()}), defined in a throwaway class loader whose unnamed
 * module is the only one given access to {@code jdk.internal.misc}: the application's own unnamed
 * module, where the agent's classes live, gains nothing. The definer calls
 * {@code jdk.internal.misc.Unsafe#defineClass} in its own bytecode, not through reflection: from JDK
 * 18 on, reflection goes through method handles and would spin some 25 classes at every start. The
 * classes are read as resources, never loaded, before they are defined: loaded first by the agent's
 * own loader they would exist twice.
 */
final class BootstrapClasses {

  /** Exactly the classes defined in the bootstrap loader: java.* dependencies only. */
  static final List<String> CLASSES = List.of(
      "dev/scalpel/bootstrap/Dispatcher",
      "dev/scalpel/bootstrap/Dispatcher$Linker",
      "dev/scalpel/api/Original",
      "dev/scalpel/api/Original$Call",
      "dev/scalpel/api/Original$Run");

  /** The class that defines them, written by {@link #definerBytes()} and loaded only by {@link Isolated}. */
  static final String DEFINER = "dev/scalpel/agent/boot/BootDefiner";

  private static final String UNSAFE = "jdk/internal/misc/Unsafe";

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
    JarFile jar = null;
    try {
      for (String name : CLASSES) {
        String binary = name.replace('/', '.');
        if (inBootLoader(binary)) {
          continue;
        }
        if (definer == null) {
          definer = definer(instrumentation);
          jar = ownJar();
        }
        defineOne(definer, binary, bytes(jar, name));
      }
    } finally {
      if (jar != null) {
        jar.close();
      }
    }
  }

  private static void defineOne(BiFunction<String, byte[], Class<?>> definer, String binary, byte[] bytes) {
    try {
      definer.apply(binary, bytes);
    } catch (IllegalAccessError e) {
      throw new IllegalStateException("cannot reach the JDK's class definition for " + binary + ": " + e, e);
    } catch (LinkageError | SecurityException e) {
      throw new IllegalStateException("the JVM refused to define " + binary + " in the bootstrap class loader: "
          + e, e);
    }
  }

  /**
   * The jar the agent's classes come from, or null if they come from a directory (tests). Read
   * directly, a class file is one lookup in that jar; read as a resource of the agent's loader, it
   * is first looked for by the parent loaders, in the runtime image and its modules, which cost
   * about 2 ms per class at start-up. The JDK shares the open jar's central directory with the
   * class loader that opened it, so opening it again reads no more than the file's attributes.
   */
  private static JarFile ownJar() {
    Path location = AgentVersion.location();
    if (location == null || !Files.isRegularFile(location)) {
      return null;
    }
    try {
      // Verified as the class loader verifies the agent's own classes, should the jar be signed.
      return new JarFile(location.toFile(), true);
    } catch (IOException | RuntimeException e) {
      // Read as resources instead.
      return null;
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
    Class<?> type = new Isolated().define(DEFINER.replace('/', '.'), definerBytes());
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

  /**
   * The definer: a public final class {@link #DEFINER} with a public no-argument constructor that
   * implements {@code BiFunction<String, byte[], Class<?>>} by returning
   * {@code jdk.internal.misc.Unsafe.getUnsafe().defineClass(name, bytes, 0, bytes.length, null, null)}
   * (a {@code null} loader is the bootstrap class loader). It names {@code java.*} types and that
   * one JDK class only, which is all its throwaway loader sees; it links only once its module was
   * given {@code jdk.internal.misc}, and what the JVM throws (a {@code LinkageError} for a refused
   * class) reaches the caller as it is.
   */
  static byte[] definerBytes() {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, DEFINER,
        "Ljava/lang/Object;Ljava/util/function/BiFunction<Ljava/lang/String;[BLjava/lang/Class<*>;>;",
        "java/lang/Object", new String[] {"java/util/function/BiFunction"});
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor apply = writer.visitMethod(Opcodes.ACC_PUBLIC, "apply",
        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", null, null);
    apply.visitCode();
    apply.visitMethodInsn(Opcodes.INVOKESTATIC, UNSAFE, "getUnsafe", "()L" + UNSAFE + ";", false);
    apply.visitVarInsn(Opcodes.ALOAD, 1);
    apply.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
    apply.visitVarInsn(Opcodes.ALOAD, 2);
    apply.visitTypeInsn(Opcodes.CHECKCAST, "[B");
    apply.visitInsn(Opcodes.ICONST_0);
    apply.visitVarInsn(Opcodes.ALOAD, 2);
    apply.visitTypeInsn(Opcodes.CHECKCAST, "[B");
    apply.visitInsn(Opcodes.ARRAYLENGTH);
    apply.visitInsn(Opcodes.ACONST_NULL);
    apply.visitInsn(Opcodes.ACONST_NULL);
    apply.visitMethodInsn(Opcodes.INVOKEVIRTUAL, UNSAFE, "defineClass",
        "(Ljava/lang/String;[BIILjava/lang/ClassLoader;Ljava/security/ProtectionDomain;)Ljava/lang/Class;", false);
    apply.visitInsn(Opcodes.ARETURN);
    apply.visitMaxs(0, 0);
    apply.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  private static byte[] bytes(JarFile jar, String name) throws IOException {
    String resource = name + ".class";
    JarEntry entry = jar == null ? null : jar.getJarEntry(resource);
    try (InputStream in = entry != null ? jar.getInputStream(entry)
        : BootstrapClasses.class.getClassLoader().getResourceAsStream(resource)) {
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

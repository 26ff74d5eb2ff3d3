package dev.scalpel.engine;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Class files as compilers before Java 7 wrote them, generated with ASM: no stack map frames, and
 * a {@code try/finally} compiled the old way, its {@code finally} block a subroutine called with
 * {@code jsr} and left with {@code ret}. Every class has the same methods:
 *
 * <ul>
 *   <li>{@code static int twice(int)}: {@code 2 * x};
 *   <li>{@code int plus(int)}: {@code x + 1};
 *   <li>{@code static void touch(StringBuffer)}: appends {@code "touched"};
 *   <li>{@code static String trimmed(String)} and {@code trimmedToo(String)}: {@code s.trim()}
 *       in a {@code try} whose {@code finally} subroutine counts itself in {@code static int finallies};
 *   <li>{@code static String nested(String)}: {@code s.trim()}, then a subroutine that calls another
 *       subroutine (adding 1) before it adds 10 to {@code finallies};
 *   <li>{@code static int pick(boolean, int)}: {@code (b ? new Integer(x) : new Long(x)).intValue()},
 *       which verifies only if the frame after the branch holds a {@code Number};
 *   <li>{@code static int first(boolean, int)}: the same through a one-element {@code Integer[]}
 *       or {@code Long[]}, which verifies only if the merged array is a {@code Number[]}.
 * </ul>
 */
final class OldClassFiles {

  /** The versions before 51 that compilers wrote: 45.3 (Java 1.1) to 50 (Java 6), as ASM encodes them. */
  static final int[] VERSIONS = {3 << 16 | 45, Opcodes.V1_2, Opcodes.V1_3, Opcodes.V1_4, Opcodes.V1_5, Opcodes.V1_6};

  private OldClassFiles() {}

  /** The spelling of an ASM version: {@code 45.3}, {@code 46.0}, ... */
  static String spelling(int version) {
    return (version & 0xFFFF) + "." + (version >>> 16);
  }

  /** A class {@code binaryName} of class file {@code version} with the methods above. */
  static byte[] generate(String binaryName, int version) {
    String name = binaryName.replace('.', '/');
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
    cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "finallies", "I", null, null).visitEnd();

    MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();

    MethodVisitor twice = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "twice", "(I)I", null, null);
    twice.visitCode();
    twice.visitVarInsn(Opcodes.ILOAD, 0);
    twice.visitInsn(Opcodes.ICONST_2);
    twice.visitInsn(Opcodes.IMUL);
    twice.visitInsn(Opcodes.IRETURN);
    twice.visitMaxs(0, 0);
    twice.visitEnd();

    MethodVisitor plus = cw.visitMethod(Opcodes.ACC_PUBLIC, "plus", "(I)I", null, null);
    plus.visitCode();
    plus.visitVarInsn(Opcodes.ILOAD, 1);
    plus.visitInsn(Opcodes.ICONST_1);
    plus.visitInsn(Opcodes.IADD);
    plus.visitInsn(Opcodes.IRETURN);
    plus.visitMaxs(0, 0);
    plus.visitEnd();

    MethodVisitor touch = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "touch", "(Ljava/lang/StringBuffer;)V",
        null, null);
    touch.visitCode();
    touch.visitVarInsn(Opcodes.ALOAD, 0);
    touch.visitLdcInsn("touched");
    touch.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/StringBuffer", "append",
        "(Ljava/lang/String;)Ljava/lang/StringBuffer;", false);
    touch.visitInsn(Opcodes.POP);
    touch.visitInsn(Opcodes.RETURN);
    touch.visitMaxs(0, 0);
    touch.visitEnd();

    trimmed(cw, name, "trimmed");
    trimmed(cw, name, "trimmedToo");
    nested(cw, name);
    pick(cw);
    first(cw);
    cw.visitEnd();
    return cw.toByteArray();
  }

  // try { r = s.trim(); } finally { finallies++; } return r;  as javac 1.3 compiled it.
  private static void trimmed(ClassWriter cw, String owner, String methodName) {
    MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, methodName,
        "(Ljava/lang/String;)Ljava/lang/String;", null, null);
    Label start = new Label();
    Label end = new Label();
    Label handler = new Label();
    Label subroutine = new Label();
    Label done = new Label();
    m.visitCode();
    m.visitTryCatchBlock(start, end, handler, null);
    m.visitLabel(start);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "trim", "()Ljava/lang/String;", false);
    m.visitVarInsn(Opcodes.ASTORE, 1);
    m.visitLabel(end);
    m.visitJumpInsn(Opcodes.JSR, subroutine);
    m.visitJumpInsn(Opcodes.GOTO, done);
    m.visitLabel(handler);
    m.visitVarInsn(Opcodes.ASTORE, 2);
    m.visitJumpInsn(Opcodes.JSR, subroutine);
    m.visitVarInsn(Opcodes.ALOAD, 2);
    m.visitInsn(Opcodes.ATHROW);
    m.visitLabel(subroutine);
    m.visitVarInsn(Opcodes.ASTORE, 3);
    m.visitFieldInsn(Opcodes.GETSTATIC, owner, "finallies", "I");
    m.visitInsn(Opcodes.ICONST_1);
    m.visitInsn(Opcodes.IADD);
    m.visitFieldInsn(Opcodes.PUTSTATIC, owner, "finallies", "I");
    m.visitVarInsn(Opcodes.RET, 3);
    m.visitLabel(done);
    m.visitVarInsn(Opcodes.ALOAD, 1);
    m.visitInsn(Opcodes.ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  private static void nested(ClassWriter cw, String owner) {
    MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "nested",
        "(Ljava/lang/String;)Ljava/lang/String;", null, null);
    Label outer = new Label();
    Label inner = new Label();
    m.visitCode();
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "trim", "()Ljava/lang/String;", false);
    m.visitVarInsn(Opcodes.ASTORE, 1);
    m.visitJumpInsn(Opcodes.JSR, outer);
    m.visitVarInsn(Opcodes.ALOAD, 1);
    m.visitInsn(Opcodes.ARETURN);
    m.visitLabel(outer);
    m.visitVarInsn(Opcodes.ASTORE, 2);
    m.visitJumpInsn(Opcodes.JSR, inner);
    add(m, owner, 10);
    m.visitVarInsn(Opcodes.RET, 2);
    m.visitLabel(inner);
    m.visitVarInsn(Opcodes.ASTORE, 3);
    add(m, owner, 1);
    m.visitVarInsn(Opcodes.RET, 3);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  private static void add(MethodVisitor m, String owner, int amount) {
    m.visitFieldInsn(Opcodes.GETSTATIC, owner, "finallies", "I");
    m.visitIntInsn(Opcodes.BIPUSH, amount);
    m.visitInsn(Opcodes.IADD);
    m.visitFieldInsn(Opcodes.PUTSTATIC, owner, "finallies", "I");
  }

  private static void pick(ClassWriter cw) {
    MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "pick", "(ZI)I", null, null);
    Label other = new Label();
    Label join = new Label();
    m.visitCode();
    m.visitVarInsn(Opcodes.ILOAD, 0);
    m.visitJumpInsn(Opcodes.IFEQ, other);
    newBox(m, "java/lang/Integer", false);
    m.visitJumpInsn(Opcodes.GOTO, join);
    m.visitLabel(other);
    newBox(m, "java/lang/Long", true);
    m.visitLabel(join);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Number", "intValue", "()I", false);
    m.visitInsn(Opcodes.IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  private static void first(ClassWriter cw) {
    MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "first", "(ZI)I", null, null);
    Label other = new Label();
    Label join = new Label();
    m.visitCode();
    m.visitVarInsn(Opcodes.ILOAD, 0);
    m.visitJumpInsn(Opcodes.IFEQ, other);
    oneElementArray(m, "java/lang/Integer", false);
    m.visitJumpInsn(Opcodes.GOTO, join);
    m.visitLabel(other);
    oneElementArray(m, "java/lang/Long", true);
    m.visitLabel(join);
    m.visitInsn(Opcodes.ICONST_0);
    m.visitInsn(Opcodes.AALOAD);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Number", "intValue", "()I", false);
    m.visitInsn(Opcodes.IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
  }

  private static void oneElementArray(MethodVisitor m, String boxType, boolean wide) {
    m.visitInsn(Opcodes.ICONST_1);
    m.visitTypeInsn(Opcodes.ANEWARRAY, boxType);
    m.visitInsn(Opcodes.DUP);
    m.visitInsn(Opcodes.ICONST_0);
    newBox(m, boxType, wide);
    m.visitInsn(Opcodes.AASTORE);
  }

  private static void newBox(MethodVisitor m, String boxType, boolean wide) {
    m.visitTypeInsn(Opcodes.NEW, boxType);
    m.visitInsn(Opcodes.DUP);
    m.visitVarInsn(Opcodes.ILOAD, 1);
    if (wide) {
      m.visitInsn(Opcodes.I2L);
    }
    m.visitMethodInsn(Opcodes.INVOKESPECIAL, boxType, "<init>", wide ? "(J)V" : "(I)V", false);
  }

  /** A loader that defines generated classes from bytes and serves those bytes as class files. */
  static final class Loader extends ClassLoader {
    private final java.util.Map<String, byte[]> classes;

    Loader(String name, java.util.Map<String, byte[]> classes) {
      super(name, OldClassFiles.class.getClassLoader());
      this.classes = java.util.Map.copyOf(classes);
    }

    @Override
    protected Class<?> findClass(String className) throws ClassNotFoundException {
      byte[] bytes = classes.get(className);
      if (bytes == null) {
        throw new ClassNotFoundException(className);
      }
      return defineClass(className, bytes, 0, bytes.length);
    }

    @Override
    public java.io.InputStream getResourceAsStream(String resource) {
      for (var e : classes.entrySet()) {
        if (resource.equals(e.getKey().replace('.', '/') + ".class")) {
          return new java.io.ByteArrayInputStream(e.getValue());
        }
      }
      return super.getResourceAsStream(resource);
    }
  }
}

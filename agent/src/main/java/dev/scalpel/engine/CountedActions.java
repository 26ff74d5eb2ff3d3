package dev.scalpel.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The action site's target of a patch whose calls are counted and sampled, written as one static
 * method of a hidden class per site instead of a chain of combinators:
 *
 * <pre>
 * if (!Sampler.sampling(SAMPLER)) {
 *   try { return ACTION.invokeExact(args); } catch (Throwable t) { ERRORS.increment(); throw t; }
 * }
 * return sampled(args); // the original or the action, timed; only the action's exceptions counted
 * </pre>
 *
 * <p>Why: the combinators ({@code catchException}, the sampler's spread, collect and
 * {@code guardWithTest}) spin about twenty lambda form classes for each new shape of site, about
 * 1 ms each when the JVM is starting. The hidden class is one small class per site; its handles
 * are static final fields, constants to the compiler as a bound handle is, so the hot path is the
 * same call of the action inside a handler that costs nothing until something is thrown.
 *
 * <p>The method is written on the site's erased type (its reference types are {@code Object}):
 * the class is defined in the agent's package, whose loader need not see the application's
 * classes, and the conversion to the site's type lives in the returned handle. The hidden class is
 * not strongly tied to the agent's loader: it goes when the site that holds it goes.
 */
final class CountedActions {

  private static final String SELF = Type.getInternalName(CountedActions.class);
  private static final String NAME = SELF.substring(0, SELF.lastIndexOf('/') + 1) + "CountedAction";
  private static final String SAMPLER = Type.getDescriptor(Sampler.class);
  private static final String COUNTER = Type.getDescriptor(CallCounter.class);
  private static final String HANDLE = Type.getDescriptor(MethodHandle.class);
  private static final String MH = Type.getInternalName(MethodHandle.class);
  private static final String SAMPLER_CLASS = Type.getInternalName(Sampler.class);
  private static final String THROWABLE = "java/lang/Throwable";

  private CountedActions() {}

  /**
   * The action, counting each exception out of it into {@code errors} and timed when its guard
   * started a sample ({@link Sampler}).
   *
   * @param action   the action, typed as the site
   * @param original the patched method itself, typed as the site; null if it cannot be called back
   * @param type     the action site's type
   * @throws IllegalStateException if the JVM refuses the class (it names what it refused)
   */
  static MethodHandle of(MethodHandle action, MethodHandle original, MethodType type, CallCounter errors,
      Sampler sampler) {
    MethodType erased = type.erase();
    MethodHandle erasedAction = action.asFixedArity().asType(erased);
    MethodHandle erasedOriginal = original == null ? erasedAction : original.asFixedArity().asType(erased);
    try {
      // Initialized now: a handle to a static method of a class not yet initialized checks the
      // initialization on each call, a lambda form the JDK spins as a class of its own.
      MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClassWithClassData(
          write(erased.toMethodDescriptorString()), List.of(sampler, errors, erasedAction, erasedOriginal), true);
      return hidden.findStatic(hidden.lookupClass(), "run", erased).asType(type);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot define the counted action for a site of type " + type + ": " + e, e);
    }
  }

  /** The class file of a counted action whose {@code run} has {@code descriptor}, which names only JDK types. */
  static byte[] write(String descriptor) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
      // The frames merge only Object, Throwable and primitives; nothing needs a class loaded.
      @Override
      protected String getCommonSuperClass(String type1, String type2) {
        return "java/lang/Object";
      }
    };
    cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object", null);
    int fieldAccess = Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL;
    cw.visitField(fieldAccess, "SAMPLER", SAMPLER, null, null).visitEnd();
    cw.visitField(fieldAccess, "ERRORS", COUNTER, null, null).visitEnd();
    cw.visitField(fieldAccess, "ACTION", HANDLE, null, null).visitEnd();
    cw.visitField(fieldAccess, "ORIGINAL", HANDLE, null, null).visitEnd();
    writeInitializer(cw);
    writeRun(cw, descriptor);
    writeSampled(cw, descriptor);
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static void writeInitializer(ClassWriter cw) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
    mv.visitCode();
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
        "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
    mv.visitLdcInsn("_");
    mv.visitLdcInsn(Type.getType(List.class));
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
    mv.visitTypeInsn(Opcodes.CHECKCAST, "java/util/List");
    mv.visitVarInsn(Opcodes.ASTORE, 0);
    String[][] fields = {{"SAMPLER", SAMPLER}, {"ERRORS", COUNTER}, {"ACTION", HANDLE}, {"ORIGINAL", HANDLE}};
    for (int i = 0; i < fields.length; i++) {
      mv.visitVarInsn(Opcodes.ALOAD, 0);
      mv.visitLdcInsn(i);
      mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, "java/util/List", "get", "(I)Ljava/lang/Object;", true);
      mv.visitTypeInsn(Opcodes.CHECKCAST, Type.getType(fields[i][1]).getInternalName());
      mv.visitFieldInsn(Opcodes.PUTSTATIC, NAME, fields[i][0], fields[i][1]);
    }
    mv.visitInsn(Opcodes.RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  // run: the call that is not sampled, kept small so that the compiler inlines it into the
  // patched method; a sampled call goes on to sampled, a method of its own.
  private static void writeRun(ClassWriter cw, String descriptor) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", descriptor, null, new String[] {THROWABLE});
    mv.visitCode();
    Type[] args = Type.getArgumentTypes(descriptor);
    Type returns = Type.getReturnType(descriptor);
    Label sampled = new Label();
    getStatic(mv, "SAMPLER", SAMPLER);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SAMPLER_CLASS, "sampling", "(" + SAMPLER + ")Z", false);
    mv.visitJumpInsn(Opcodes.IFNE, sampled);
    Label counted = call(mv, "ACTION", args, descriptor);
    mv.visitInsn(returns.getOpcode(Opcodes.IRETURN));
    mv.visitLabel(counted);
    countError(mv);
    mv.visitInsn(Opcodes.ATHROW);
    mv.visitLabel(sampled);
    loadArguments(mv, args);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, NAME, "sampled", descriptor, false);
    mv.visitInsn(returns.getOpcode(Opcodes.IRETURN));
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  // sampled: the original called back (its exceptions are counted by its own prologue), or the
  // action, each timed; only the action's exceptions are counted here.
  private static void writeSampled(ClassWriter cw, String descriptor) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "sampled", descriptor, null,
        new String[] {THROWABLE});
    mv.visitCode();
    Type[] args = Type.getArgumentTypes(descriptor);
    Type returns = Type.getReturnType(descriptor);
    int start = 0;
    for (Type t : args) {
      start += t.getSize();
    }
    Label fix = new Label();
    getStatic(mv, "SAMPLER", SAMPLER);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SAMPLER_CLASS, "timesOriginal", "(" + SAMPLER + ")Z", false);
    mv.visitJumpInsn(Opcodes.IFEQ, fix);
    timed(mv, "ORIGINAL", "originalDone", false, args, returns, descriptor, start);
    mv.visitLabel(fix);
    timed(mv, "ACTION", "fixedDone", true, args, returns, descriptor, start);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  // start = System.nanoTime(); try { r = handle(args); } catch (Throwable t) { [count]; done(start); throw t; }
  // done(start); return r;
  private static void timed(MethodVisitor mv, String handle, String done, boolean counts, Type[] args, Type returns,
      String descriptor, int start) {
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
    mv.visitVarInsn(Opcodes.LSTORE, start);
    Label handler = call(mv, handle, args, descriptor);
    finish(mv, done, start);
    mv.visitInsn(returns.getOpcode(Opcodes.IRETURN));
    mv.visitLabel(handler);
    if (counts) {
      countError(mv);
    }
    finish(mv, done, start);
    mv.visitInsn(Opcodes.ATHROW);
  }

  /** Calls {@code handle} with the arguments inside a handler of any Throwable, and answers the handler's label. */
  private static Label call(MethodVisitor mv, String handle, Type[] args, String descriptor) {
    Label begin = new Label();
    Label end = new Label();
    Label handler = new Label();
    mv.visitTryCatchBlock(begin, end, handler, THROWABLE);
    mv.visitLabel(begin);
    getStatic(mv, handle, HANDLE);
    loadArguments(mv, args);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", descriptor, false);
    mv.visitLabel(end);
    return handler;
  }

  private static void loadArguments(MethodVisitor mv, Type[] args) {
    int slot = 0;
    for (Type t : args) {
      mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
      slot += t.getSize();
    }
  }

  private static void countError(MethodVisitor mv) {
    getStatic(mv, "ERRORS", COUNTER);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, Type.getInternalName(CallCounter.class), "increment", "()J", false);
    mv.visitInsn(Opcodes.POP2);
  }

  private static void finish(MethodVisitor mv, String done, int start) {
    getStatic(mv, "SAMPLER", SAMPLER);
    mv.visitVarInsn(Opcodes.LLOAD, start);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SAMPLER_CLASS, done, "(" + SAMPLER + "J)V", false);
  }

  private static void getStatic(MethodVisitor mv, String field, String fieldDescriptor) {
    mv.visitFieldInsn(Opcodes.GETSTATIC, NAME, field, fieldDescriptor);
  }
}

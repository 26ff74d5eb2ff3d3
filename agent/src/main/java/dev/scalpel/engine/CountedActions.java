package dev.scalpel.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The action site's target of a patch whose calls are counted and sampled, written as a static
 * method of a hidden class instead of a chain of combinators:
 *
 * <pre>
 * static R run(Sampler s, CallCounter errors, MethodHandle action, MethodHandle original, args) {
 *   if (!Sampler.sampling(s)) {
 *     try { return action.invokeExact(args); } catch (Throwable t) { errors.increment(); throw t; }
 *   }
 *   // sampled: the original or the action, timed
 * }
 * </pre>
 *
 * <p>Why: the combinators ({@code catchException}, the sampler's spread, collect and
 * {@code guardWithTest}) spin about twenty lambda form classes for each new shape of site, about
 * 1 ms each when the JVM is starting. The class is written and defined once per erased signature;
 * each site binds its own sampler, counter and handles to {@code run} ({@link
 * MethodHandles#insertArguments}). Bound arguments of a call site's target are constants to the
 * compiler, so the hot path is the same call of the action inside a handler that costs nothing
 * until something is thrown.
 *
 * <p>The methods are written on the site's erased type (its reference types are {@code Object}):
 * the class is defined in the agent's package, whose loader need not see the application's
 * classes, and the conversion to the site's type lives in the returned handle.
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
  // What run takes before the site's own arguments.
  private static final String BOUND = SAMPLER + COUNTER + HANDLE + HANDLE;
  private static final int BOUND_SLOTS = 4;
  private static final int MAX_CLASSES = 256;
  // run of each erased signature's class. Erased signatures name only primitives and Object, so
  // there are few; the bound is for the odd JVM, whose other signatures get a class per site.
  private static final Map<MethodType, MethodHandle> RUN = new ConcurrentHashMap<>();

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
    return MethodHandles.insertArguments(run(erased), 0, sampler, errors, erasedAction, erasedOriginal).asType(type);
  }

  /** How many signatures have a class of their own so far: for tests. */
  static int signatures() {
    return RUN.size();
  }

  /** {@code run} of the class written for {@code erased}, defined on first use. */
  private static MethodHandle run(MethodType erased) {
    MethodHandle run = RUN.get(erased);
    if (run != null) {
      return run;
    }
    try {
      // Initialized now: a handle to a static method of a class not yet initialized checks the
      // initialization on each call, a lambda form the JDK spins as a class of its own.
      MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(
          write(erased.toMethodDescriptorString()), true);
      run = hidden.findStatic(hidden.lookupClass(), "run", erased.insertParameterTypes(0, Sampler.class,
          CallCounter.class, MethodHandle.class, MethodHandle.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot define the counted action for sites of type " + erased + ": " + e, e);
    }
    if (RUN.size() < MAX_CLASSES) {
      MethodHandle first = RUN.putIfAbsent(erased, run);
      return first == null ? run : first;
    }
    return run;
  }

  /**
   * The class file of the counted action for sites of {@code descriptor}, which names only JDK
   * types: its {@code run} takes the bound arguments, then the site's.
   */
  static byte[] write(String descriptor) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
      // The frames merge only Object, Throwable and primitives; nothing needs a class loaded.
      @Override
      protected String getCommonSuperClass(String type1, String type2) {
        return "java/lang/Object";
      }
    };
    cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, NAME, null, "java/lang/Object", null);
    String bound = "(" + BOUND + descriptor.substring(1);
    writeRun(cw, bound, descriptor);
    cw.visitEnd();
    return cw.toByteArray();
  }

  // run: the call that is not sampled, then the sampled call (the original called back, its
  // exceptions counted by its own prologue, or the action, each timed; only the action's
  // exceptions counted here). One method, so that the compiler, inlining it into the patched
  // method, sees the bound handles as constants on the sampled path too: a method of its own,
  // too cold to inline, would call them as unknown handles.
  private static void writeRun(ClassWriter cw, String bound, String descriptor) {
    MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "run", bound, null, new String[] {THROWABLE});
    mv.visitCode();
    Type[] args = Type.getArgumentTypes(descriptor);
    Type returns = Type.getReturnType(descriptor);
    Label sampled = new Label();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SAMPLER_CLASS, "sampling", "(" + SAMPLER + ")Z", false);
    mv.visitJumpInsn(Opcodes.IFNE, sampled);
    Label counted = call(mv, 2, args, descriptor);
    mv.visitInsn(returns.getOpcode(Opcodes.IRETURN));
    mv.visitLabel(counted);
    countError(mv);
    mv.visitInsn(Opcodes.ATHROW);
    mv.visitLabel(sampled);
    int start = BOUND_SLOTS;
    for (Type t : args) {
      start += t.getSize();
    }
    Label fix = new Label();
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SAMPLER_CLASS, "timesOriginal", "(" + SAMPLER + ")Z", false);
    mv.visitJumpInsn(Opcodes.IFEQ, fix);
    timed(mv, 3, "originalDone", false, args, returns, descriptor, start);
    mv.visitLabel(fix);
    timed(mv, 2, "fixedDone", true, args, returns, descriptor, start);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  // start = System.nanoTime(); try { r = handle(args); } catch (Throwable t) { [count]; done(start); throw t; }
  // done(start); return r;
  private static void timed(MethodVisitor mv, int handle, String done, boolean counts, Type[] args, Type returns,
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

  /**
   * Calls the handle in local {@code handle} with the site's arguments inside a handler of any
   * Throwable, and answers the handler's label.
   */
  private static Label call(MethodVisitor mv, int handle, Type[] args, String descriptor) {
    Label begin = new Label();
    Label end = new Label();
    Label handler = new Label();
    mv.visitTryCatchBlock(begin, end, handler, THROWABLE);
    mv.visitLabel(begin);
    mv.visitVarInsn(Opcodes.ALOAD, handle);
    loadArguments(mv, args);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", descriptor, false);
    mv.visitLabel(end);
    return handler;
  }

  /** Loads the site's arguments, which follow the bound ones. */
  private static void loadArguments(MethodVisitor mv, Type[] args) {
    int slot = BOUND_SLOTS;
    for (Type t : args) {
      mv.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
      slot += t.getSize();
    }
  }

  // The exception is on the stack; the counter is the second bound argument.
  private static void countError(MethodVisitor mv) {
    mv.visitVarInsn(Opcodes.ALOAD, 1);
    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, Type.getInternalName(CallCounter.class), "increment", "()J", false);
    mv.visitInsn(Opcodes.POP2);
  }

  private static void finish(MethodVisitor mv, String done, int start) {
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitVarInsn(Opcodes.LLOAD, start);
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, SAMPLER_CLASS, done, "(" + SAMPLER + "J)V", false);
  }
}

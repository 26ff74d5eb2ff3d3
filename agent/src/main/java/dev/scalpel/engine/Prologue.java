package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Adds the dispatch prologue to one method and changes nothing else:
 *
 * <pre>
 * if (invokedynamic guard(args)Z) return invokedynamic action(args)R;
 * &lt;original body, untouched&gt;
 * </pre>
 *
 * <p>For a patch that counts its calls, the original body also goes inside a handler of last resort
 * that shows each exception leaving it to {@code invokedynamic thrown(Throwable)V} and rethrows it:
 * so the original's exceptions on the calls the guard sent to it are counted exactly, and the code
 * after the prologue is still the original body, instruction for instruction. The handler is the
 * last entry of the exception table, so the body's own handlers catch first; its frame holds no
 * locals, which every instruction of the body matches whatever its locals hold. A method without an
 * exception leaving it pays nothing for the handler: the JVM's exception table costs only when
 * something is thrown.
 *
 * <p>Every class file gets this same prologue: the transformer raises a class file older than
 * version 51, which cannot hold {@code invokedynamic}, to 51 first ({@link ClassFileRaiser}), so
 * an old class reaches the same call sites as a modern one, with no lookup per call.
 */
final class Prologue extends MethodVisitor {

  /** The oldest class file version that can hold the prologue: the first with {@code invokedynamic}. */
  static final int INDY_VERSION = Opcodes.V1_7;
  private static final String DISPATCHER = Type.getInternalName(Dispatcher.class);
  private static final String THROWABLE = "java/lang/Throwable";
  private static final String THROWN_DESCRIPTOR = "(Ljava/lang/Throwable;)V";
  private static final Handle BOOTSTRAP = new Handle(Opcodes.H_INVOKESTATIC, DISPATCHER, "bootstrap",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/String;)"
          + "Ljava/lang/invoke/CallSite;", false);

  private final boolean isStatic;
  private final String descriptor;
  private final String siteId;
  private final Type[] siteParams;
  private final boolean countsThrown;
  private final Label original = new Label();
  private boolean originalFramePending;
  private Object[] entryLocals;

  /**
   * @param delegate     the visitor writing the method
   * @param owner        internal name of the class, of version {@link #INDY_VERSION} or later
   * @param access       the method's access flags
   * @param descriptor   the method's descriptor
   * @param siteId       the id the dispatcher's linker knows this method's patch by
   * @param countsThrown whether the original body goes inside the handler that shows its exceptions
   *                     to the {@link Dispatcher#THROWN} site
   */
  Prologue(MethodVisitor delegate, String owner, int access, String descriptor, String siteId, boolean countsThrown) {
    super(Opcodes.ASM9, delegate);
    this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
    this.descriptor = descriptor;
    this.siteId = siteId;
    this.countsThrown = countsThrown;
    this.siteParams = siteParameters(owner, isStatic, descriptor);
  }

  /** The prologue's call-site parameters: the receiver first for instance methods, then the arguments. */
  static Type[] siteParameters(String owner, boolean isStatic, String descriptor) {
    Type[] args = Type.getArgumentTypes(descriptor);
    if (isStatic) {
      return args;
    }
    Type[] all = new Type[args.length + 1];
    all[0] = Type.getObjectType(owner);
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  /** The descriptor of the guard site. */
  String guardDescriptor() {
    return Type.getMethodDescriptor(Type.BOOLEAN_TYPE, siteParams);
  }

  /** The descriptor of the action site. */
  String actionDescriptor() {
    return Type.getMethodDescriptor(Type.getReturnType(descriptor), siteParams);
  }

  @Override
  public void visitCode() {
    super.visitCode();
    dispatch(Dispatcher.GUARD, guardDescriptor());
    super.visitJumpInsn(Opcodes.IFEQ, original);
    dispatch(Dispatcher.ACTION, actionDescriptor());
    super.visitInsn(Type.getReturnType(descriptor).getOpcode(Opcodes.IRETURN));
    super.visitLabel(original);
    // A class writer that computes frames (a raised old class file) ignores this one.
    entryLocals = entryLocals();
    originalFramePending = true;
  }

  private void dispatch(String kind, String siteDescriptor) {
    int slot = 0;
    for (Type t : siteParams) {
      super.visitVarInsn(t.getOpcode(Opcodes.ILOAD), slot);
      slot += t.getSize();
    }
    super.visitInvokeDynamicInsn(kind, siteDescriptor, BOOTSTRAP, siteId);
  }

  private Object[] entryLocals() {
    Object[] locals = new Object[siteParams.length];
    for (int i = 0; i < siteParams.length; i++) {
      locals[i] = verificationType(siteParams[i]);
    }
    return locals;
  }

  private static Object verificationType(Type t) {
    switch (t.getSort()) {
      case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT:
        return Opcodes.INTEGER;
      case Type.FLOAT:
        return Opcodes.FLOAT;
      case Type.LONG:
        return Opcodes.LONG;
      case Type.DOUBLE:
        return Opcodes.DOUBLE;
      default:
        return t.getInternalName();
    }
  }

  // The original body's first instruction needs a frame after the prologue's branch. If the body
  // declares its own frame there (a loop back to the start), that frame is kept instead: two
  // frames at one offset are invalid.
  private void emitPendingFrame() {
    if (originalFramePending) {
      originalFramePending = false;
      super.visitFrame(Opcodes.F_NEW, entryLocals.length, entryLocals, 0, new Object[0]);
    }
  }

  @Override
  public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
    originalFramePending = false;
    super.visitFrame(type, numLocal, local, numStack, stack);
  }

  @Override
  public void visitInsn(int opcode) {
    emitPendingFrame();
    super.visitInsn(opcode);
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    emitPendingFrame();
    super.visitIntInsn(opcode, operand);
  }

  @Override
  public void visitVarInsn(int opcode, int varIndex) {
    emitPendingFrame();
    super.visitVarInsn(opcode, varIndex);
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    emitPendingFrame();
    super.visitTypeInsn(opcode, type);
  }

  @Override
  public void visitFieldInsn(int opcode, String fieldOwner, String name, String fieldDescriptor) {
    emitPendingFrame();
    super.visitFieldInsn(opcode, fieldOwner, name, fieldDescriptor);
  }

  @Override
  public void visitMethodInsn(int opcode, String methodOwner, String name, String methodDescriptor, boolean isInterface) {
    emitPendingFrame();
    super.visitMethodInsn(opcode, methodOwner, name, methodDescriptor, isInterface);
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String indyDescriptor, Handle bsm, Object... bsmArgs) {
    emitPendingFrame();
    super.visitInvokeDynamicInsn(name, indyDescriptor, bsm, bsmArgs);
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    emitPendingFrame();
    super.visitJumpInsn(opcode, label);
  }

  @Override
  public void visitLdcInsn(Object value) {
    emitPendingFrame();
    super.visitLdcInsn(value);
  }

  @Override
  public void visitIincInsn(int varIndex, int increment) {
    emitPendingFrame();
    super.visitIincInsn(varIndex, increment);
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
    emitPendingFrame();
    super.visitTableSwitchInsn(min, max, dflt, labels);
  }

  @Override
  public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
    emitPendingFrame();
    super.visitLookupSwitchInsn(dflt, keys, labels);
  }

  @Override
  public void visitMultiANewArrayInsn(String arrayDescriptor, int numDimensions) {
    emitPendingFrame();
    super.visitMultiANewArrayInsn(arrayDescriptor, numDimensions);
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    if (countsThrown) {
      countThrown();
    }
    int argSlots = 0;
    for (Type t : siteParams) {
      argSlots += t.getSize();
    }
    int needed = Math.max(argSlots, Type.getReturnType(descriptor).getSize());
    super.visitMaxs(Math.max(maxStack, Math.max(needed, countsThrown ? 2 : 0)), maxLocals);
  }

  // After the body, whose last instruction never falls through: reached only by an exception. The
  // entry is added last, after every entry of the body (the class writer resolves its labels when
  // it writes the table), so that the body's own handlers come first.
  private void countThrown() {
    Label handler = new Label();
    super.visitLabel(handler);
    super.visitTryCatchBlock(original, handler, handler, THROWABLE);
    // A class writer that computes frames (a raised old class file) ignores this one.
    super.visitFrame(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {THROWABLE});
    super.visitInsn(Opcodes.DUP);
    super.visitInvokeDynamicInsn(Dispatcher.THROWN, THROWN_DESCRIPTOR, BOOTSTRAP, siteId);
    super.visitInsn(Opcodes.ATHROW);
  }
}

package dev.scalpel.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.TypePath;

/**
 * Rewrites one method without {@code jsr}/{@code ret}, so that it can live in a class file of
 * version 51 or later, where the verifier checks types against stack map frames and refuses
 * subroutines. Each call of a subroutine gets a copy of its code ({@link SubroutineCopies}).
 *
 * <p>The method's code is buffered until {@link #visitEnd}; a method without {@code jsr} passes
 * through unchanged. Frames are dropped: the class writer downstream must compute them. Type
 * annotations on instructions, handlers and local variables are dropped too: they exist only from
 * class file version 52, and the JVM ignores them in the older class files this rewrites.
 */
final class SubroutineInliner extends MethodVisitor {

  /** How a buffered item is written out, its labels mapped to one copy's. */
  @FunctionalInterface
  interface Emit {
    void to(MethodVisitor out, UnaryOperator<Label> labels);
  }

  /**
   * One buffered item: a label ({@code label} set), a line number ({@code opcode == LINE}), or an
   * instruction with the labels it can jump to.
   */
  record Item(int opcode, Label label, Label[] targets, Emit emit) {
    static final int LABEL = -1;
    static final int LINE = -2;

    boolean isInstruction() {
      return opcode != LABEL && opcode != LINE;
    }
  }

  /** A buffered entry of the exception table. */
  record TryCatch(Label start, Label end, Label handler, String type) {}

  /** A buffered entry of the local variable table. */
  record LocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {}

  private final List<Item> code = new ArrayList<>();
  private final List<TryCatch> tryCatches = new ArrayList<>();
  private final List<LocalVariable> localVariables = new ArrayList<>();
  private final Map<Label, Integer> positions = new IdentityHashMap<>();
  private boolean hasCode;
  private boolean hasSubroutines;
  private int maxStack;
  private int maxLocals;

  /** @param delegate where the method without subroutines goes */
  SubroutineInliner(MethodVisitor delegate) {
    super(Opcodes.ASM9, delegate);
  }

  private void add(int opcode, Label[] targets, Emit emit) {
    code.add(new Item(opcode, null, targets, emit));
  }

  private void add(int opcode, Emit emit) {
    add(opcode, new Label[0], emit);
  }

  @Override
  public void visitCode() {
    hasCode = true;
  }

  @Override
  public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
    // Frames are the downstream writer's to compute.
  }

  @Override
  public void visitInsn(int opcode) {
    add(opcode, (out, l) -> out.visitInsn(opcode));
  }

  @Override
  public void visitIntInsn(int opcode, int operand) {
    add(opcode, (out, l) -> out.visitIntInsn(opcode, operand));
  }

  @Override
  public void visitVarInsn(int opcode, int varIndex) {
    add(opcode, (out, l) -> out.visitVarInsn(opcode, varIndex));
  }

  @Override
  public void visitTypeInsn(int opcode, String type) {
    add(opcode, (out, l) -> out.visitTypeInsn(opcode, type));
  }

  @Override
  public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
    add(opcode, (out, l) -> out.visitFieldInsn(opcode, owner, name, descriptor));
  }

  @Override
  public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
    add(opcode, (out, l) -> out.visitMethodInsn(opcode, owner, name, descriptor, isInterface));
  }

  @Override
  public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
    add(Opcodes.INVOKEDYNAMIC, (out, l) -> out.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments));
  }

  @Override
  public void visitJumpInsn(int opcode, Label label) {
    hasSubroutines |= opcode == Opcodes.JSR;
    add(opcode, new Label[] {label}, (out, l) -> out.visitJumpInsn(opcode, l.apply(label)));
  }

  @Override
  public void visitLabel(Label label) {
    positions.put(label, code.size());
    code.add(new Item(Item.LABEL, label, new Label[0], (out, l) -> out.visitLabel(l.apply(label))));
  }

  @Override
  public void visitLdcInsn(Object value) {
    add(Opcodes.LDC, (out, l) -> out.visitLdcInsn(value));
  }

  @Override
  public void visitIincInsn(int varIndex, int increment) {
    add(Opcodes.IINC, (out, l) -> out.visitIincInsn(varIndex, increment));
  }

  @Override
  public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
    add(Opcodes.TABLESWITCH, withDefault(dflt, labels),
        (out, l) -> out.visitTableSwitchInsn(min, max, l.apply(dflt), map(labels, l)));
  }

  @Override
  public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
    add(Opcodes.LOOKUPSWITCH, withDefault(dflt, labels),
        (out, l) -> out.visitLookupSwitchInsn(l.apply(dflt), keys, map(labels, l)));
  }

  @Override
  public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
    add(Opcodes.MULTIANEWARRAY, (out, l) -> out.visitMultiANewArrayInsn(descriptor, numDimensions));
  }

  @Override
  public AnnotationVisitor visitInsnAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
    return null;
  }

  @Override
  public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
    tryCatches.add(new TryCatch(start, end, handler, type));
  }

  @Override
  public AnnotationVisitor visitTryCatchAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
    return null;
  }

  @Override
  public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
    localVariables.add(new LocalVariable(name, descriptor, signature, start, end, index));
  }

  @Override
  public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
      int[] index, String descriptor, boolean visible) {
    return null;
  }

  @Override
  public void visitLineNumber(int line, Label start) {
    code.add(new Item(Item.LINE, null, new Label[0], (out, l) -> out.visitLineNumber(line, l.apply(start))));
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    this.maxStack = maxStack;
    this.maxLocals = maxLocals;
  }

  @Override
  public void visitEnd() {
    if (hasCode) {
      super.visitCode();
      if (hasSubroutines) {
        new SubroutineCopies(code, tryCatches, localVariables, positions).writeTo(mv);
      } else {
        passThrough();
      }
      super.visitMaxs(maxStack, maxLocals);
    }
    super.visitEnd();
  }

  private void passThrough() {
    UnaryOperator<Label> same = UnaryOperator.identity();
    for (TryCatch t : tryCatches) {
      super.visitTryCatchBlock(t.start(), t.end(), t.handler(), t.type());
    }
    for (Item item : code) {
      item.emit().to(mv, same);
    }
    for (LocalVariable v : localVariables) {
      super.visitLocalVariable(v.name(), v.descriptor(), v.signature(), v.start(), v.end(), v.index());
    }
  }

  private static Label[] withDefault(Label dflt, Label[] labels) {
    Label[] all = new Label[labels.length + 1];
    all[0] = dflt;
    System.arraycopy(labels, 0, all, 1, labels.length);
    return all;
  }

  private static Label[] map(Label[] labels, UnaryOperator<Label> l) {
    Label[] mapped = new Label[labels.length];
    for (int i = 0; i < labels.length; i++) {
      mapped[i] = l.apply(labels[i]);
    }
    return mapped;
  }
}

package dev.scalpel.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
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
 * subroutines. Each call of a subroutine gets a copy of its code: {@code jsr S} becomes
 * {@code aconst_null; goto copy-of-S} (the subroutine stores the return address it expects on
 * the stack, now a null it never reads), and {@code ret} becomes a {@code goto} back to just
 * after the call. A subroutine that calls itself is refused with an {@link IllegalStateException}.
 *
 * <p>The method's code is buffered until {@link #visitEnd}; a method without {@code jsr} passes
 * through unchanged. Frames are dropped: the class writer downstream must compute them. Type
 * annotations on instructions, handlers and local variables are dropped too: they exist only from
 * class file version 52, and the JVM ignores them in the older class files this rewrites.
 */
final class SubroutineInliner extends MethodVisitor {

  /** How a buffered item is written out, its labels mapped to one copy's. */
  @FunctionalInterface
  private interface Emit {
    void to(MethodVisitor out, UnaryOperator<Label> labels);
  }

  /**
   * One buffered item: a label ({@code label} set), a line number ({@code opcode == LINE}), or an
   * instruction with the labels it can jump to.
   */
  private record Item(int opcode, Label label, Label[] targets, Emit emit) {
    static final int LABEL = -1;
    static final int LINE = -2;

    boolean isInstruction() {
      return opcode != LABEL && opcode != LINE;
    }
  }

  private record TryCatch(Label start, Label end, Label handler, String type) {}

  private record LocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {}

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
        inline();
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

  /** One copy of the main code or of a subroutine, made for one call. */
  private final class Copy {
    final BitSet members;
    final Copy caller;
    final Label returnTo;
    final Map<Label, Label> labels = new IdentityHashMap<>();
    final Map<Integer, Copy> calls = new HashMap<>();

    Copy(BitSet members, Copy caller, Label returnTo) {
      this.members = members;
      this.caller = caller;
      this.returnTo = returnTo;
      // Labels with none of this copy's items between them share one copy.
      Label pending = null;
      for (int i = 0; i < code.size(); i++) {
        Item item = code.get(i);
        if (item.label() != null) {
          if (pending == null) {
            pending = new Label();
          }
          labels.put(item.label(), pending);
        } else if (owner(i) == this) {
          pending = null;
        }
      }
    }

    /**
     * The copy that emits item {@code i}: the outermost one in this call chain whose code holds
     * it (code a subroutine shares with its callers stays theirs), or null if none does.
     */
    Copy owner(int i) {
      Copy found = null;
      for (Copy c = this; c != null; c = c.caller) {
        if (c.members.get(i)) {
          found = c;
        }
      }
      return found;
    }

    /** Where a jump from this copy to {@code target} lands. */
    Label jumpTarget(Label target) {
      Copy c = owner(position(target));
      if (c == null) {
        throw new IllegalStateException("a jump of a subroutine lands outside the code that calls it");
      }
      return c.labels.get(target);
    }

    boolean calledBy(BitSet subroutine) {
      for (Copy c = this; c != null; c = c.caller) {
        if (c.members == subroutine) {
          return true;
        }
      }
      return false;
    }
  }

  private int position(Label label) {
    Integer at = positions.get(label);
    if (at == null) {
      throw new IllegalStateException("a jump targets a label the method never places");
    }
    return at;
  }

  private void inline() {
    List<Copy> copies = plan();
    // Handlers first: the class writer wants them before it meets their labels.
    for (Copy copy : copies) {
      for (TryCatch t : tryCatches) {
        Label start = copy.labels.get(t.start());
        Label end = copy.labels.get(t.end());
        if (start != end) {
          super.visitTryCatchBlock(start, end, copy.jumpTarget(t.handler()), t.type());
        }
      }
    }
    for (Copy copy : copies) {
      emit(copy);
    }
    for (Copy copy : copies) {
      for (LocalVariable v : localVariables) {
        Label start = copy.labels.get(v.start());
        Label end = copy.labels.get(v.end());
        if (start != end) {
          super.visitLocalVariable(v.name(), v.descriptor(), v.signature(), start, end, v.index());
        }
      }
    }
  }

  /** The main code's copy, then one copy of a subroutine per call, callers before callees. */
  private List<Copy> plan() {
    Map<Label, BitSet> subroutines = new HashMap<>();
    List<Copy> copies = new ArrayList<>();
    copies.add(new Copy(reach(0), null, null));
    for (int c = 0; c < copies.size(); c++) {
      Copy copy = copies.get(c);
      for (int i = 0; i < code.size(); i++) {
        Item item = code.get(i);
        if (item.opcode() != Opcodes.JSR || copy.owner(i) != copy) {
          continue;
        }
        BitSet callee = subroutines.computeIfAbsent(item.targets()[0], e -> reach(position(e)));
        if (copy.calledBy(callee)) {
          throw new IllegalStateException("a subroutine calls itself, which cannot be inlined");
        }
        Copy call = new Copy(callee, copy, new Label());
        copy.calls.put(i, call);
        copies.add(call);
      }
    }
    return copies;
  }

  private void emit(Copy copy) {
    Label lastLabel = null;
    boolean fallsThrough = false;
    for (int i = 0; i < code.size(); i++) {
      Item item = code.get(i);
      if (item.label() != null) {
        Label mapped = copy.labels.get(item.label());
        if (mapped != lastLabel) {
          super.visitLabel(mapped);
          lastLabel = mapped;
        }
        continue;
      }
      if (copy.owner(i) != copy) {
        if (fallsThrough && item.isInstruction()) {
          throw new IllegalStateException("a subroutine falls through into code it shares with its caller");
        }
        continue;
      }
      if (item.opcode() == Opcodes.JSR) {
        Copy call = copy.calls.get(i);
        super.visitInsn(Opcodes.ACONST_NULL);
        super.visitJumpInsn(Opcodes.GOTO, call.jumpTarget(item.targets()[0]));
        super.visitLabel(call.returnTo);
        lastLabel = call.returnTo;
        fallsThrough = true;
      } else if (item.opcode() == Opcodes.RET) {
        super.visitJumpInsn(Opcodes.GOTO, returnOf(copy, i));
        fallsThrough = false;
      } else {
        item.emit().to(mv, copy::jumpTarget);
        if (item.isInstruction()) {
          fallsThrough = continues(item.opcode());
        }
      }
    }
  }

  /** Where the {@code ret} at item {@code i} goes: after the call of the outermost subroutine holding it. */
  private static Label returnOf(Copy copy, int i) {
    Label back = null;
    for (Copy c = copy; c != null; c = c.caller) {
      if (c.members.get(i)) {
        back = c.returnTo;
      }
    }
    if (back == null) {
      throw new IllegalStateException("a ret outside any subroutine");
    }
    return back;
  }

  /**
   * The items reachable from {@code start} without entering a subroutine (a {@code jsr} continues
   * at the next item), including the handlers that guard any of them. Subroutine entries met on the
   * way are left for their own walks.
   */
  private BitSet reach(int start) {
    BitSet members = new BitSet(code.size());
    Deque<Integer> work = new ArrayDeque<>();
    work.push(start);
    boolean grew = true;
    while (grew) {
      while (!work.isEmpty()) {
        int i = work.pop();
        if (i >= code.size() || members.get(i)) {
          continue;
        }
        members.set(i);
        Item item = code.get(i);
        if (item.opcode() == Opcodes.JSR) {
          work.push(i + 1);
          continue;
        }
        for (Label target : item.targets()) {
          work.push(position(target));
        }
        if (!item.isInstruction() || continues(item.opcode())) {
          work.push(i + 1);
        }
      }
      grew = false;
      for (TryCatch t : tryCatches) {
        int handler = position(t.handler());
        if (!members.get(handler) && !members.get(position(t.start()), position(t.end())).isEmpty()) {
          work.push(handler);
          grew = true;
        }
      }
    }
    return members;
  }

  /** Whether an instruction can continue with the next one. */
  private static boolean continues(int opcode) {
    return switch (opcode) {
      case Opcodes.GOTO, Opcodes.RET, Opcodes.TABLESWITCH, Opcodes.LOOKUPSWITCH, Opcodes.ATHROW,
          Opcodes.IRETURN, Opcodes.LRETURN, Opcodes.FRETURN, Opcodes.DRETURN, Opcodes.ARETURN, Opcodes.RETURN -> false;
      default -> true;
    };
  }
}

package dev.scalpel.engine;

import dev.scalpel.engine.SubroutineInliner.Item;
import dev.scalpel.engine.SubroutineInliner.LocalVariable;
import dev.scalpel.engine.SubroutineInliner.TryCatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The code of one method with subroutines, written out without them: the main code once, then a
 * copy of a subroutine for each call of it. {@code jsr S} becomes {@code aconst_null; goto
 * copy-of-S} (the subroutine stores the return address it expects on the stack, now a null it
 * never reads), and {@code ret} becomes a {@code goto} back to just after the call. Code that a
 * subroutine shares with its callers stays theirs; handlers and local variables are repeated for
 * each copy over the part of their range it holds.
 *
 * <p>Refused with an {@link IllegalStateException}: a subroutine that calls itself, a {@code ret}
 * outside any subroutine, and a subroutine that falls through into its caller's code, none of
 * which a compiler writes.
 */
final class SubroutineCopies {

  private final List<Item> code;
  private final List<TryCatch> tryCatches;
  private final List<LocalVariable> localVariables;
  private final Map<Label, Integer> positions;

  /**
   * @param code           the method's buffered items, in order
   * @param tryCatches     its handlers, in order
   * @param localVariables its local variable table
   * @param positions      where each label of {@code code} stands in it
   */
  SubroutineCopies(List<Item> code, List<TryCatch> tryCatches, List<LocalVariable> localVariables,
      Map<Label, Integer> positions) {
    this.code = code;
    this.tryCatches = tryCatches;
    this.localVariables = localVariables;
    this.positions = positions;
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

  void writeTo(MethodVisitor out) {
    List<Copy> copies = plan();
    // Handlers first: the class writer wants them before it meets their labels.
    for (Copy copy : copies) {
      for (TryCatch t : tryCatches) {
        Label start = copy.labels.get(t.start());
        Label end = copy.labels.get(t.end());
        if (start != end) {
          out.visitTryCatchBlock(start, end, copy.jumpTarget(t.handler()), t.type());
        }
      }
    }
    for (Copy copy : copies) {
      emit(copy, out);
    }
    for (Copy copy : copies) {
      for (LocalVariable v : localVariables) {
        Label start = copy.labels.get(v.start());
        Label end = copy.labels.get(v.end());
        if (start != end) {
          out.visitLocalVariable(v.name(), v.descriptor(), v.signature(), start, end, v.index());
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

  private void emit(Copy copy, MethodVisitor out) {
    Label lastLabel = null;
    boolean fallsThrough = false;
    for (int i = 0; i < code.size(); i++) {
      Item item = code.get(i);
      if (item.label() != null) {
        Label mapped = copy.labels.get(item.label());
        if (mapped != lastLabel) {
          out.visitLabel(mapped);
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
        out.visitInsn(Opcodes.ACONST_NULL);
        out.visitJumpInsn(Opcodes.GOTO, call.jumpTarget(item.targets()[0]));
        out.visitLabel(call.returnTo);
        lastLabel = call.returnTo;
        fallsThrough = true;
      } else if (item.opcode() == Opcodes.RET) {
        out.visitJumpInsn(Opcodes.GOTO, returnOf(copy, i));
        fallsThrough = false;
      } else {
        item.emit().to(out, copy::jumpTarget);
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

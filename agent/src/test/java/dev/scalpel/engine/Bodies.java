package dev.scalpel.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Reads a class file into what must not change when Scalpel patches it: its structure (header,
 * fields, method signatures) and each method's instructions, with labels numbered in order and
 * constants resolved, so that two encodings of the same code compare equal.
 */
final class Bodies {

  final List<String> structure = new ArrayList<>();
  final Map<String, List<String>> methods = new LinkedHashMap<>();

  /** Renumbers labels by first appearance, so a slice of a body compares with a whole one. */
  static List<String> normalized(List<String> body) {
    Map<String, String> names = new LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    java.util.regex.Pattern label = java.util.regex.Pattern.compile("\\bL\\d+\\b");
    for (String line : body) {
      out.add(label.matcher(line).replaceAll(m -> names.computeIfAbsent(m.group(), k -> "L" + names.size())));
    }
    return out;
  }

  static Bodies of(byte[] classFile) {
    Bodies b = new Bodies();
    new ClassReader(classFile).accept(b.new Reader(), ClassReader.SKIP_FRAMES);
    return b;
  }

  private final class Reader extends ClassVisitor {
    Reader() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      structure.add("class " + version + " " + access + " " + name + " " + signature + " " + superName + " "
          + String.join(",", interfaces));
    }

    @Override
    public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
      structure.add("field " + access + " " + name + " " + descriptor + " " + signature + " " + value);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
      structure.add("method " + access + " " + name + descriptor + " " + signature + " "
          + (exceptions == null ? "" : String.join(",", exceptions)));
      List<String> body = new ArrayList<>();
      methods.put(name + descriptor, body);
      return new Recorder(body);
    }
  }

  private static final class Recorder extends MethodVisitor {
    private final List<String> body;
    private final Map<Label, Integer> labels = new IdentityHashMap<>();

    Recorder(List<String> body) {
      super(Opcodes.ASM9);
      this.body = body;
    }

    private String label(Label l) {
      return "L" + labels.computeIfAbsent(l, k -> labels.size());
    }

    @Override
    public void visitInsn(int opcode) {
      body.add("insn " + opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      body.add("int " + opcode + " " + operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      body.add("var " + opcode + " " + varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      body.add("type " + opcode + " " + type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      body.add("field " + opcode + " " + owner + "." + name + descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
      body.add("method " + opcode + " " + owner + "." + name + descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
      body.add("indy " + name + descriptor + " " + bsm + " " + java.util.Arrays.toString(args));
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      body.add("jump " + opcode + " " + label(label));
    }

    @Override
    public void visitLabel(Label label) {
      body.add("label " + label(label));
    }

    @Override
    public void visitLdcInsn(Object value) {
      body.add("ldc " + value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
      body.add("iinc " + varIndex + " " + increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... ls) {
      StringBuilder s = new StringBuilder("tableswitch " + min + " " + max + " " + label(dflt));
      for (Label l : ls) {
        s.append(' ').append(label(l));
      }
      body.add(s.toString());
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] ls) {
      StringBuilder s = new StringBuilder("lookupswitch " + label(dflt) + " " + java.util.Arrays.toString(keys));
      for (Label l : ls) {
        s.append(' ').append(label(l));
      }
      body.add(s.toString());
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dims) {
      body.add("multianewarray " + descriptor + " " + dims);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
      body.add("try " + label(start) + " " + label(end) + " " + label(handler) + " " + type);
    }

    @Override
    public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
      body.add("local " + name + " " + descriptor + " " + index);
    }

    @Override
    public void visitLineNumber(int line, Label start) {
      body.add("line " + line + " " + label(start));
    }
  }
}

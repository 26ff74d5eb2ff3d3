package dev.scalpel.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Reads {@code @dev.scalpel.api.Patch} and {@code @dev.scalpel.api.When} from class files. The
 * annotations are retained in the class file only, so this reads the bytes, never loads a class.
 * It reports what is written; whether it makes sense is {@link FixManifest}'s to check.
 */
final class AnnotationReader {

  static final String PATCH = "Ldev/scalpel/api/Patch;";
  static final String WHEN = "Ldev/scalpel/api/When;";

  /** Larger class files are not fixes anyone writes by hand; the bound keeps a stray file from filling memory. */
  static final int MAX_CLASS_BYTES = 16 * 1024 * 1024;

  private final List<AnnotatedMethod> fixes = new ArrayList<>();
  private final List<AnnotatedMethod> guards = new ArrayList<>();

  /**
   * Reads every {@code .class} file under {@code folder}, in path order so that the manifest's
   * patch order does not depend on the file system.
   *
   * @throws IOException              if a file cannot be read
   * @throws IllegalArgumentException if a file is not a class file, naming it
   */
  static AnnotationReader read(Path folder) throws IOException {
    AnnotationReader reader = new AnnotationReader();
    if (!Files.isDirectory(folder)) {
      return reader;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).sorted().toList();
    }
    for (Path file : files) {
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_CLASS_BYTES + 1);
      }
      if (bytes.length > MAX_CLASS_BYTES) {
        throw new IllegalArgumentException(file + " is larger than " + MAX_CLASS_BYTES + " bytes; it is no class a"
            + " fix project compiles: remove it from the classes folder");
      }
      try {
        reader.add(bytes);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + " is not a class file this reader understands (" + e
            + "); remove it from the classes folder", e);
      }
    }
    return reader;
  }

  /** Adds the annotated methods of one class file. */
  void add(byte[] classFile) {
    new ClassReader(classFile).accept(new ClassScan(), ClassReader.SKIP_FRAMES);
  }

  /** The methods annotated {@code @Patch}, in the order read. */
  List<AnnotatedMethod> fixes() {
    return List.copyOf(fixes);
  }

  /** The methods annotated {@code @When}, in the order read. */
  List<AnnotatedMethod> guards() {
    return List.copyOf(guards);
  }

  private final class ClassScan extends ClassVisitor {
    private String internalName = "";
    private String sourceFile = "";

    ClassScan() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
      internalName = name;
      int slash = name.lastIndexOf('/');
      String simple = name.substring(slash + 1);
      int dollar = simple.indexOf('$');
      // Without a SourceFile attribute, the top-level class's name is the best guess of its file.
      sourceFile = (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
    }

    @Override
    public void visitSource(String source, String debug) {
      if (source != null) {
        sourceFile = source;
      }
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
        String[] exceptions) {
      return new MethodScan(this, access, name, descriptor);
    }

    String sourcePath() {
      int slash = internalName.lastIndexOf('/');
      return (slash < 0 ? "" : internalName.substring(0, slash + 1)) + sourceFile;
    }

    String className() {
      return internalName.replace('/', '.');
    }
  }

  private final class MethodScan extends MethodVisitor {
    private final ClassScan owner;
    private final int access;
    private final String name;
    private final String descriptor;
    private final Map<String, Object> patch = new HashMap<>();
    private final Map<String, Object> when = new HashMap<>();
    private boolean isPatch;
    private boolean isWhen;
    private int firstLine;

    MethodScan(ClassScan owner, int access, String name, String descriptor) {
      super(Opcodes.ASM9);
      this.owner = owner;
      this.access = access;
      this.name = name;
      this.descriptor = descriptor;
    }

    @Override
    public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
      if (PATCH.equals(annotation)) {
        isPatch = true;
        return new Values(patch);
      }
      if (WHEN.equals(annotation)) {
        isWhen = true;
        return new Values(when);
      }
      return null;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
      if (firstLine == 0 || line < firstLine) {
        firstLine = line;
      }
    }

    @Override
    public void visitEnd() {
      if (!isPatch && !isWhen) {
        return;
      }
      SourcePosition position = new SourcePosition(owner.sourcePath(), firstLine, owner.className(), name);
      boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
      if (isPatch) {
        fixes.add(new AnnotatedMethod(position, descriptor, isStatic, patch));
      }
      if (isWhen) {
        guards.add(new AnnotatedMethod(position, descriptor, isStatic, when));
      }
    }
  }

  /** Collects an annotation's elements: strings, enum constant names, arrays as lists. */
  private static final class Values extends AnnotationVisitor {
    private final Map<String, Object> into;

    Values(Map<String, Object> into) {
      super(Opcodes.ASM9);
      this.into = into;
    }

    @Override
    public void visit(String name, Object value) {
      into.put(name, String.valueOf(value));
    }

    @Override
    public void visitEnum(String name, String descriptor, String value) {
      into.put(name, value);
    }

    @Override
    public AnnotationVisitor visitArray(String name) {
      List<Object> items = new ArrayList<>();
      into.put(name, items);
      return new AnnotationVisitor(Opcodes.ASM9) {
        @Override
        public void visit(String ignored, Object value) {
          items.add(String.valueOf(value));
        }

        @Override
        public void visitEnum(String ignored, String descriptor, String value) {
          items.add(value);
        }
      };
    }
  }
}

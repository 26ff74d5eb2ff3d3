package dev.scalpel.engine;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The one class file transformer Scalpel registers. A class whose name no patch targets costs one
 * map lookup; in a targeted class, the class's {@link ClassShape}, read from the bytes being
 * transformed, finds each targeted method, and one pass of ASM (the copy Byte Buddy ships) adds
 * the {@link Prologue} to those methods and copies every other method byte for byte.
 *
 * <p>It neither uses an {@code AgentBuilder} nor {@code ByteBuddy.decorate}. The builder's
 * construction reaches for {@code sun.misc.Unsafe} (a warning in the application's output on JDK 24
 * and later) and its batched redefinition would weaken the all-or-nothing apply. Decorating loaded
 * some 250 more of Byte Buddy's classes into the application on the first patch, which was most of
 * the cost of attaching; the prologue is an ASM visitor either way.
 *
 * <p>What happened to each patch in each class is reported to the receiver of outcomes in force: the
 * apply that retransforms loaded classes collects them to decide all-or-nothing; a class loaded
 * while an apply is staged reports to the {@link Staging}, which the apply's commit or undo hands
 * on or drops; a class loaded later reports to the patches directly.
 */
final class ScalpelTransformer implements ClassFileTransformer {

  /** What a transformation did for one patch in one class. */
  record Outcome(PatchRuntime patch, String className, ClassLoader loader, String problem) {
    boolean installed() {
      return problem == null;
    }
  }

  private final SiteLinker linker;
  private final Consumer<String> errors;
  private final ThreadLocal<List<Outcome>> capture = new ThreadLocal<>();
  private volatile Map<String, List<PatchRuntime>> plan = Map.of();
  private volatile Staging staging;

  /**
   * What the transformer keeps for an apply in progress: every class of the new manifest's targets
   * that loads meanwhile (so that the apply can patch those its listing of loaded classes missed,
   * and undo exactly those), and, once the staged plan is published, the outcomes of those loads,
   * which count only if the apply commits.
   */
  static final class Staging {
    /** A class that loaded while the apply was staged. */
    record Load(String className, ClassLoader loader) {}

    private final Set<String> classNames;
    private final List<Load> loads = new ArrayList<>();
    private final List<Outcome> deferred = new ArrayList<>();
    private boolean deferring;
    private boolean closed;

    /** @param classNames the binary names of every class the new manifest targets */
    Staging(Set<String> classNames) {
      this.classNames = Set.copyOf(classNames);
    }

    private synchronized void loaded(String className, ClassLoader loader) {
      if (!closed && classNames.contains(className)) {
        loads.add(new Load(className, loader));
      }
    }

    /** From now on, outcomes of classes that load wait for {@link #close}. */
    synchronized void defer() {
      deferring = true;
    }

    private synchronized boolean offer(Outcome o) {
      if (!deferring || closed) {
        return false;
      }
      deferred.add(o);
      return true;
    }

    /** The classes that loaded so far. */
    synchronized List<Load> loads() {
      return List.copyOf(loads);
    }

    /** Ends the staging: outcomes reach the patches directly again. Returns those that waited. */
    synchronized List<Outcome> close() {
      closed = true;
      return List.copyOf(deferred);
    }
  }

  /**
   * @param linker where generated site ids are registered
   * @param errors where transformation errors are reported
   */
  ScalpelTransformer(SiteLinker linker, Consumer<String> errors) {
    this.linker = linker;
    this.errors = errors;
  }

  /** Replaces the plan: binary class name to the patches that target it. */
  void plan(Map<String, List<PatchRuntime>> byClassName) {
    plan = Map.copyOf(byClassName);
  }

  /** Starts recording loads for an apply in progress, or ({@code null}) stops. */
  void stage(Staging next) {
    staging = next;
  }

  /**
   * Runs {@code action} (a retransformation) with every outcome on this thread collected instead of
   * sent to the patches.
   *
   * @return the outcomes, in the order the classes were transformed
   */
  List<Outcome> capturing(Runnable action) {
    List<Outcome> outcomes = new ArrayList<>();
    capture.set(outcomes);
    try {
      action.run();
    } finally {
      capture.remove();
    }
    return outcomes;
  }

  /** Whether the plan in force targets the class of this internal name. */
  boolean targets(String internalName) {
    return plan.containsKey(internalName.replace('/', '.'));
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
    if (internalName == null) {
      return null;
    }
    String className = internalName.replace('/', '.');
    Staging staged = staging;
    if (staged != null && classBeingRedefined == null) {
      staged.loaded(className, loader);
    }
    List<PatchRuntime> patches = plan.get(className);
    if (patches == null) {
      return null;
    }
    List<Outcome> outcomes = new ArrayList<>();
    byte[] result;
    try {
      result = decorate(className, loader, classFile, patches, outcomes);
    } catch (Throwable t) {
      result = null;
      failAll(outcomes, className, loader, "transformation error: " + t);
    }
    if (result == null) {
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome o = outcomes.get(i);
        if (o.installed()) {
          outcomes.set(i, new Outcome(o.patch(), className, loader, "transformation of " + className + " produced no class"));
        }
      }
    }
    report(outcomes);
    return result;
  }

  /** Adds the prologue of each of {@code patches} that resolves in the class; null if none does. */
  private byte[] decorate(String className, ClassLoader loader, byte[] classFile, List<PatchRuntime> patches,
      List<Outcome> outcomes) {
    ClassShape type = ClassShape.read(classFile);
    Map<String, String> sites = new HashMap<>();
    Set<String> counting = new HashSet<>();
    for (PatchRuntime p : patches) {
      TargetResolver.Resolution r = TargetResolver.resolve(type, p.patch().target());
      if (!r.found()) {
        outcomes.add(new Outcome(p, className, loader, r.problem()));
        continue;
      }
      String method = r.method().name() + r.method().descriptor();
      if (sites.containsKey(method)) {
        outcomes.add(new Outcome(p, className, loader, "another patch of the manifest already targets "
            + TargetResolver.spelling(r.method()) + " of " + className));
        continue;
      }
      sites.put(method, linker.register(p, r.method().isStatic(), r.method().name(), r.method().descriptor()));
      if (p.counts()) {
        counting.add(method);
      }
      outcomes.add(new Outcome(p, className, loader, null));
    }
    if (sites.isEmpty()) {
      return null;
    }
    return withPrologues(classFile, type.internalName(), loader, sites, counting);
  }

  /**
   * One pass of ASM over the class file: the prologue goes into each method of {@code sites}
   * (name and descriptor to site id), with the handler that counts the original's exceptions in
   * those of {@code counting}.
   *
   * <p>In a class file of version 51 or later, every other method is copied as it is, without
   * being parsed, and the targeted methods are read with expanded frames, which the prologue's
   * frame joins. An older class file cannot hold {@code invokedynamic}: it is raised to version
   * 51, which changes every method in two ways the JVM requires there and in no other: the
   * subroutines ({@code jsr}/{@code ret}) are inlined ({@link SubroutineInliner}), and stack map
   * frames are computed, from the class files of the class itself and of those {@code loader} sees
   * ({@link PoolClassWriter}).
   */
  static byte[] withPrologues(byte[] classFile, String internalName, ClassLoader loader, Map<String, String> sites,
      Set<String> counting) {
    ClassReader reader = new ClassReader(classFile);
    boolean raise = reader.readUnsignedShort(6) < Prologue.INDY_VERSION;
    ClassWriter writer = raise ? new PoolClassWriter(new ClassShapes(
        new ClassFiles.InMemory(Map.of(internalName.replace('/', '.'), classFile)), new ClassShapes(ClassFiles.of(loader))))
        : new ClassWriter(reader, 0);
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(raise ? Prologue.INDY_VERSION : version, access, name, signature, superName, interfaces);
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
        String siteId = sites.get(name + descriptor);
        if (siteId != null) {
          visitor = new Prologue(visitor, internalName, access, descriptor, siteId, counting.contains(name + descriptor));
        }
        return raise ? new SubroutineInliner(visitor) : visitor;
      }
    }, raise ? ClassReader.SKIP_FRAMES : ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  private void failAll(List<Outcome> outcomes, String className, ClassLoader loader, String problem) {
    errors.accept("transformation of " + className + " failed: " + problem);
    for (int i = 0; i < outcomes.size(); i++) {
      outcomes.set(i, new Outcome(outcomes.get(i).patch(), className, loader, problem));
    }
  }

  private void report(List<Outcome> outcomes) {
    List<Outcome> to = capture.get();
    Staging staged = staging;
    for (Outcome o : outcomes) {
      if (to != null) {
        to.add(o);
      } else if (staged == null || !staged.offer(o)) {
        // (An outcome a staged apply takes counts only if it commits.)
        deliver(o);
      }
    }
  }

  private static void deliver(Outcome o) {
    if (o.installed()) {
      o.patch().installed(o.className(), o.loader(), true);
    } else {
      o.patch().fail(o.problem());
    }
  }

}

package dev.scalpel.engine;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * The one class file transformer Scalpel registers. A class whose name no patch targets costs one
 * map lookup; a targeted class is decorated by Byte Buddy, which adds the {@link Prologue} to each
 * targeted method and leaves every other byte of meaning as it was.
 *
 * <p>It decorates with {@link ByteBuddy#decorate} directly rather than through an
 * {@code AgentBuilder}: the builder's construction reaches for {@code sun.misc.Unsafe} (a warning
 * in the application's output on JDK 24 and later) and its batched redefinition would weaken the
 * all-or-nothing apply, while all Scalpel needs is the decoration of one class file at a time.
 *
 * <p>What happened to each patch in each class is reported to the receiver of outcomes in force: the
 * apply that retransforms loaded classes collects them to decide all-or-nothing; a class loaded
 * later reports to the patches directly.
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
  // Only declared methods matter to a decoration: compiling the whole hierarchy's method graph
  // would describe every supertype, which dominated the cost of transforming a class.
  private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED)
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
  private final ThreadLocal<Consumer<Outcome>> capture = new ThreadLocal<>();
  private volatile Map<String, List<PatchRuntime>> plan = Map.of();

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

  /**
   * Runs {@code action} (a retransformation) with every outcome on this thread sent to {@code to}
   * instead of to the patches.
   */
  void capturing(Consumer<Outcome> to, Runnable action) {
    capture.set(to);
    try {
      action.run();
    } finally {
      capture.remove();
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
      ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
    if (internalName == null) {
      return null;
    }
    String className = internalName.replace('/', '.');
    List<PatchRuntime> patches = plan.get(className);
    if (patches == null) {
      return null;
    }
    List<Outcome> outcomes = new ArrayList<>();
    byte[] result;
    try {
      int version = ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
      if (version < Prologue.OLDEST_VERSION) {
        for (PatchRuntime p : patches) {
          outcomes.add(new Outcome(p, className, loader, "class " + className + " has class file version " + version
              + " (older than Java 5), which cannot be patched"));
        }
        result = null;
      } else {
        result = decorate(className, loader, classFile, version, patches, outcomes);
      }
    } catch (Throwable t) {
      result = null;
      failAll(outcomes, className, loader, "transformation error: " + t);
    }
    boolean transformed = result != null;
    outcomes.replaceAll(o -> new Outcome(o.patch(), className, loader, o.installed() && !transformed
        ? "transformation of " + className + " produced no class" : o.problem()));
    report(outcomes);
    return result;
  }

  /** Adds the prologue of each of {@code patches} that resolves in the class; null if none does. */
  private byte[] decorate(String className, ClassLoader loader, byte[] classFile, int version,
      List<PatchRuntime> patches, List<Outcome> outcomes) {
    ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(className, classFile),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool = TypePool.Default.of(locator);
    TypeDescription type = pool.describe(className).resolve();
    AsmVisitorWrapper.ForDeclaredMethods wrapper = new AsmVisitorWrapper.ForDeclaredMethods()
        .readerFlags(ClassReader.EXPAND_FRAMES);
    for (PatchRuntime p : patches) {
      TargetResolver.Resolution r = TargetResolver.resolve(type, p.patch().target());
      if (!r.found()) {
        outcomes.add(new Outcome(p, className, loader, r.problem()));
        continue;
      }
      String descriptor = r.method().getDescriptor();
      String siteId = linker.register(p, descriptor);
      wrapper = wrapper.invokable(ElementMatchers.is(r.method()), (instrumented, method, visitor, context, typePool, wf, rf) ->
          new Prologue(visitor, type.getInternalName(), version, method.getActualModifiers(), descriptor, siteId));
      outcomes.add(new Outcome(p, className, loader, null));
    }
    if (outcomes.stream().noneMatch(Outcome::installed)) {
      return null;
    }
    return byteBuddy.decorate(type, locator).visit(wrapper).make(pool).getBytes();
  }

  private void failAll(List<Outcome> outcomes, String className, ClassLoader loader, String problem) {
    errors.accept("transformation of " + className + " failed: " + problem);
    outcomes.replaceAll(o -> new Outcome(o.patch(), className, loader, problem));
  }

  private void report(List<Outcome> outcomes) {
    Consumer<Outcome> to = capture.get();
    for (Outcome o : outcomes) {
      if (to != null) {
        to.accept(o);
      } else if (o.installed()) {
        o.patch().installed(o.className(), o.loader(), true);
      } else {
        o.patch().fail(o.problem());
      }
    }
  }
}

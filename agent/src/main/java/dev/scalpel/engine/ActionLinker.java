package dev.scalpel.engine;

import dev.scalpel.api.Original;
import dev.scalpel.bootstrap.Dispatcher;
import dev.scalpel.dsl.Action;
import dev.scalpel.dsl.MethodRef;
import dev.scalpel.dsl.Patch;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Turns a patch into method handles for one patched class: the action's handle, typed exactly as
 * the prologue's action site, and the guard's. Runs when a site first links, with the real
 * classes at hand; the check before apply ({@link LinkCheck}) has already refused what cannot fit.
 */
final class ActionLinker {

  private ActionLinker() {}

  // Looked up once this class is initialized: a static method looked up in its class's own
  // initializer gets a handle that checks initialization, a lambda form the JDK spins as a class.
  private static final class Handles {
    static final MethodHandle PROCEED;
    static final MethodHandle GUARD_FAILED;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        PROCEED = lookup.findStatic(ActionLinker.class, "proceed", MethodType.methodType(boolean.class));
        GUARD_FAILED = lookup.findStatic(ActionLinker.class, "guardFailed",
            MethodType.methodType(boolean.class, CallCounter.class, Throwable.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /**
   * The handles of one patch linked against one patched class. Each is built when first asked for,
   * and only then can fail: a guard site needs only the guard and an action site only the action,
   * and building the other would spin method handle classes for nothing.
   */
  static final class Linked {
    private final Patch patch;
    private final ClassLoader fixLoader;
    private final Class<?> caller;
    private final MethodType actionType;
    private final int receivers;
    private final CallCounter guardErrors;
    private final Shadow shadow;
    private final boolean bypassed;

    private Linked(Patch patch, ClassLoader fixLoader, Class<?> caller, MethodType actionType, int receivers,
        CallCounter guardErrors, Shadow shadow, boolean bypassed) {
      this.patch = patch;
      this.fixLoader = fixLoader;
      this.caller = caller;
      this.actionType = actionType;
      this.receivers = receivers;
      this.guardErrors = guardErrors;
      this.shadow = shadow;
      this.bypassed = bypassed;
    }

    /**
     * The action, typed as the site.
     *
     * @throws IllegalStateException saying what could not be linked
     */
    MethodHandle action() {
      MethodHandle action = ActionLinker.action(patch, fixLoader, caller, actionType);
      return shadow == null ? action : shadow.action(original(patch, caller, actionType, receivers), action, actionType);
    }

    /**
     * The guard of an active patch: {@code when}, then the rollout gate.
     *
     * @throws IllegalStateException saying what could not be linked
     */
    MethodHandle activeGuard() {
      return guard(patch, fixLoader, actionType.changeReturnType(boolean.class), receivers, guardErrors);
    }

    /**
     * Whether {@link #bypassFirst} must go in front of the guard: the patch runs in shadow mode or
     * its fix may call the original.
     */
    boolean bypassed() {
      return bypassed;
    }
  }

  /** A guard ({@code when}, or a sticky key's {@code toString}) threw: the call runs the original code. */
  private static boolean guardFailed(CallCounter errors, Throwable t) {
    if (errors != null) {
      errors.increment();
    }
    return false;
  }

  /** Whether this call takes the fix: false exactly once inside {@code Original.call}. */
  private static boolean proceed() {
    return !Original.consumeBypass();
  }

  /**
   * {@code guard}, asked only if this thread's {@code Original.call} bypass is not set; the bypass
   * is consumed first, so that a {@code when} or a rollout that says no cannot leave it set for
   * the next patched method the thread enters.
   */
  static MethodHandle bypassFirst(MethodHandle guard) {
    MethodType type = guard.type();
    return MethodHandles.guardWithTest(MethodHandles.dropArguments(Handles.PROCEED, 0, type.parameterList()), guard,
        Dispatcher.inert(type));
  }

  /**
   * Links {@code patch} for a class whose prologue's action site has type {@code actionType}.
   *
   * @param fixLoader the loader of the patch jar's classes for this class's loader, or null if the
   *                  patch has no jar
   * @param receivers   1 if the site's first parameter is the receiver ({@code this}), else 0
   * @param guardErrors counts exceptions out of the guard, or null
   * @param shadow      the patch's shadow comparison if it runs in shadow mode, else null
   */
  static Linked link(Patch patch, ClassLoader fixLoader, boolean callsOriginal, Class<?> caller, MethodType actionType,
      int receivers, CallCounter guardErrors, Shadow shadow) {
    return new Linked(patch, fixLoader, caller, actionType, receivers, guardErrors, shadow,
        shadow != null || (callsOriginal && patch.action() instanceof Action.Fix));
  }

  private static MethodHandle guard(Patch patch, ClassLoader fixLoader, MethodType guardType, int receivers,
      CallCounter guardErrors) {
    MethodHandle when = patch.when().isPresent()
        ? staticMethod(patch, "when", patch.when().get(), fixLoader, guardType) : null;
    MethodHandle guard = when;
    if (!patch.rollout().isFull() || patch.stickyBy().isPresent()) {
      int sticky = patch.stickyBy().isPresent() ? patch.stickyBy().getAsInt() + receivers : -1;
      MethodHandle gate = Rollouts.gate(patch.id(), patch.rollout().basisPoints(), sticky, guardType);
      // Without a when, the gate alone: a test that always answers true would only add a combinator.
      guard = when == null ? gate : MethodHandles.guardWithTest(when, gate, Dispatcher.inert(guardType));
    }
    if (guard == null) {
      guard = MethodHandles.dropArguments(MethodHandles.constant(boolean.class, true), 0, guardType.parameterList());
    }
    if (patch.when().isPresent() || patch.stickyBy().isPresent()) {
      // The guard runs patch code (or a key's toString): if it throws, the original code runs.
      guard = Counting.catching(guard, Handles.GUARD_FAILED.bindTo(guardErrors));
    }
    return guard;
  }

  /**
   * The patched method itself, as {@code invokespecial} would call it from its own class.
   *
   * @throws IllegalStateException if the agent cannot look it up (the class's module does not open
   *                               its package to the agent)
   */
  static MethodHandle original(Patch patch, Class<?> caller, MethodType type, int receivers) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(caller, MethodHandles.lookup());
      String name = patch.target().methodName();
      return (receivers == 1
          ? lookup.findSpecial(caller, name, type.dropParameterTypes(0, 1), caller)
          : lookup.findStatic(caller, name, type)).asFixedArity();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("shadow mode cannot call the original " + patch.target() + " from the agent: " + e, e);
    }
  }

  private static MethodHandle action(Patch patch, ClassLoader fixLoader, Class<?> caller, MethodType type) {
    List<Class<?>> params = type.parameterList();
    Class<?> r = type.returnType();
    if (patch.action() instanceof Action.Fix fix) {
      return staticMethod(patch, "fix", fix.method(), fixLoader, type);
    }
    if (patch.action() instanceof Action.Returns returns) {
      Object value = Constants.fit(returns.value(), r.getName());
      return MethodHandles.dropArguments(MethodHandles.constant(r, value), 0, params);
    }
    if (patch.action() instanceof Action.Throws t) {
      return MethodHandles.dropArguments(thrower(t, caller.getClassLoader(), r), 0, params);
    }
    if (r != void.class) {
      throw new IllegalStateException("skip fits only void methods; this one returns " + r.getName());
    }
    return MethodHandles.empty(type);
  }

  private static MethodHandle thrower(Action.Throws t, ClassLoader loader, Class<?> r) {
    try {
      Class<?> type = Class.forName(t.exceptionClass(), false, loader);
      if (!Throwable.class.isAssignableFrom(type)) {
        throw new IllegalStateException(t.exceptionClass() + " is not a Throwable");
      }
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle create;
      if (t.message().isPresent()) {
        create = MethodHandles.insertArguments(
            lookup.findConstructor(type, MethodType.methodType(void.class, String.class)), 0, t.message().get());
      } else {
        create = constructor(lookup, type);
      }
      MethodHandle raise = MethodHandles.throwException(r, type.asSubclass(Throwable.class));
      return MethodHandles.foldArguments(raise, create);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + t.exceptionClass() + ": " + e, e);
    }
  }

  private static MethodHandle constructor(MethodHandles.Lookup lookup, Class<?> type) throws ReflectiveOperationException {
    try {
      return lookup.findConstructor(type, MethodType.methodType(void.class));
    } catch (NoSuchMethodException e) {
      return MethodHandles.insertArguments(
          lookup.findConstructor(type, MethodType.methodType(void.class, String.class)), 0, (Object) null);
    }
  }

  private static MethodHandle staticMethod(Patch patch, String role, MethodRef ref, ClassLoader fixLoader, MethodType type) {
    try {
      Class<?> owner = Class.forName(ref.className(), false, fixLoader);
      // A loop, not a stream: this runs when a site first links, where each lambda costs a spun class.
      Method m = null;
      for (Method candidate : owner.getDeclaredMethods()) {
        if (candidate.getName().equals(ref.methodName()) && Modifier.isStatic(candidate.getModifiers())
            && fits(candidate, type)) {
          m = candidate;
          break;
        }
      }
      if (m == null) {
        throw new IllegalStateException(role + " " + ref + " does not fit target " + patch.target()
            + ": expected static " + type.returnType().getName() + " " + ref.methodName() + type.parameterList());
      }
      m.setAccessible(true);
      // Fixed arity: a varargs fix adapted to the site's type must take the array as it is.
      return MethodHandles.lookup().unreflect(m).asFixedArity().asType(type);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot link " + role + " " + ref + " for " + patch.target() + ": " + e, e);
    }
  }

  /** Whether {@code m} can stand for a site of {@code type}: parameters equal or wider, return equal or narrower. */
  static boolean fits(Method m, MethodType type) {
    Class<?>[] p = m.getParameterTypes();
    if (p.length != type.parameterCount()) {
      return false;
    }
    for (int i = 0; i < p.length; i++) {
      Class<?> site = type.parameterType(i);
      if (p[i].isPrimitive() || site.isPrimitive() ? p[i] != site : !p[i].isAssignableFrom(site)) {
        return false;
      }
    }
    Class<?> r = m.getReturnType();
    Class<?> siteR = type.returnType();
    return r.isPrimitive() || siteR.isPrimitive() ? r == siteR : siteR.isAssignableFrom(r);
  }
}

package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

/**
 * One switch in front of the guards of every patch in force, so that rolling them all back is one
 * call-site change however many patches and classes there are.
 *
 * <p>Changing a call site's target deoptimizes the compiled code that inlined it, and the JVM does
 * that with a pause of every thread (a handshake) per change: switching each guard off in turn costs
 * one pause per site, a fraction of a millisecond to a few milliseconds each under load. Every
 * active guard is linked as {@code switch() ? guard : false}; the compilers fold the switch to a
 * constant, so it costs nothing while it is on, and turning it off sends every thread to the
 * original code after a single pause. A switch that was turned off stays off: the guards linked
 * afterwards take a new one.
 */
final class KillSwitch {

  private static final MethodHandle ON = MethodHandles.constant(boolean.class, true);
  private static final MethodHandle OFF = MethodHandles.constant(boolean.class, false);

  private final MutableCallSite site = new MutableCallSite(ON);
  private final MethodHandle test = site.dynamicInvoker();

  /**
   * The guard, behind this switch: {@code active}'s answer while the switch is on, {@code false} after.
   * Any site's handle can go behind it: one that returns nothing (a site counting the original's
   * exceptions) then does nothing.
   */
  MethodHandle guard(MethodHandle active) {
    return MethodHandles.guardWithTest(MethodHandles.dropArguments(test, 0, active.type().parameterList()), active,
        Dispatcher.inert(active.type()));
  }

  /** Turns the switch off for good; every thread sees it on its next call through a guard behind it. */
  void turnOff() {
    site.setTarget(OFF);
    MutableCallSite.syncAll(new MutableCallSite[] {site});
  }

  /** Whether the switch is still on. */
  boolean isOn() {
    return site.getTarget() == ON;
  }

  /** The switch new guards go behind: replaced by a fresh one each time the current one is turned off. */
  static final class Current {
    private volatile KillSwitch current = new KillSwitch();
    // Built ahead, so that a rollback's switch does not wait for a new call site and its invoker.
    private KillSwitch spare = new KillSwitch();

    KillSwitch get() {
      return current;
    }

    /** Turns the current switch off and puts a new one in its place. Callers hold the engine's lock. */
    void turnOff() {
      KillSwitch old = current;
      current = spare;
      old.turnOff();
      spare = new KillSwitch();
    }
  }
}

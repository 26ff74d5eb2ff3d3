package dev.scalpel.engine;

import dev.scalpel.bootstrap.Dispatcher;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * One switch in front of the guards of every patch in force, so that rolling them all back is one
 * write however many patches, classes and threads there are.
 *
 * <p>Every active guard is linked as {@code switch() ? guard : false}, the switch a volatile field
 * read through a method handle bound to this object: compiled code reads it on each call (a plain
 * load on x86 and ARM, and it cannot be hoisted out of a loop), and turning it off is one volatile
 * write, which every thread sees on its next call through a guard behind it. A call-site change
 * would be free on each call, but turning it off deoptimizes every method that inlined it, with a
 * pause of every thread (a handshake) that took 1 to 5 ms with 10 patches on two busy cores, and
 * more when threads are descheduled: the rollback everyone waits for in an incident. A switch
 * that was turned off stays off: the guards linked afterwards take a new one.
 */
final class KillSwitch {

  private static final MethodHandle ON_FIELD;

  static {
    try {
      ON_FIELD = MethodHandles.lookup().findGetter(KillSwitch.class, "on", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile boolean on = true;
  private final MethodHandle test = ON_FIELD.bindTo(this);

  /**
   * The guard, behind this switch: {@code active}'s answer while the switch is on, {@code false} after.
   * Any site's handle can go behind it: one that returns nothing (a site counting the original's
   * exceptions) then does nothing.
   *
   * @param active   typed as the site, or, for a guard that needs none of the arguments
   *                 ({@link PlainGuard}), with no parameters: the site's are dropped in front of the
   *                 switch, so that the switch's own combinator is typed without them
   * @param siteType the type of the site the result is the target of
   */
  MethodHandle guard(MethodHandle active, MethodType siteType) {
    MethodHandle behind = MethodHandles.guardWithTest(MethodHandles.dropArguments(test, 0, active.type().parameterList()),
        active, Dispatcher.inert(active.type()));
    return active.type().equals(siteType) ? behind : MethodHandles.dropArguments(behind, 0, siteType.parameterList());
  }

  /** Turns the switch off for good; every thread sees it on its next call through a guard behind it. */
  void turnOff() {
    on = false;
  }

  /** Whether the switch is still on. */
  boolean isOn() {
    return on;
  }

  /** The switch new guards go behind: replaced by a fresh one each time the current one is turned off. */
  static final class Current {
    private volatile KillSwitch current = new KillSwitch();

    KillSwitch get() {
      return current;
    }

    /** Turns the current switch off and puts a new one in its place. Callers hold the engine's lock. */
    void turnOff() {
      KillSwitch old = current;
      current = new KillSwitch();
      old.turnOff();
    }
  }
}

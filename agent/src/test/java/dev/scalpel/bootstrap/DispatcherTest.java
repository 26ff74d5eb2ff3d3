package dev.scalpel.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class DispatcherTest {

  private static final MethodType TWICE = MethodType.methodType(int.class, int.class);

  private static int twice(int x) {
    return 2 * x;
  }

  private int plus(int x) {
    return x + 1;
  }

  @AfterEach
  void uninstall() {
    Dispatcher.install(null);
  }

  @Test
  void bootstrap_actionTheLinkerLeavesInert_callsTheStaticMethodBack() throws Throwable {
    Dispatcher.install((caller, siteId, kind, site) -> { });
    CallSite site = Dispatcher.bootstrap(MethodHandles.lookup(), Dispatcher.ACTION, TWICE,
        Dispatcher.siteId("test", true, "twice"));
    assertThat((int) site.dynamicInvoker().invokeExact(21)).isEqualTo(42);
  }

  @Test
  void bootstrap_actionWithoutLinker_callsTheInstanceMethodBack() throws Throwable {
    Dispatcher.install(null);
    CallSite site = Dispatcher.bootstrap(MethodHandles.lookup(), Dispatcher.ACTION,
        MethodType.methodType(int.class, DispatcherTest.class, int.class), Dispatcher.siteId("test", false, "plus"));
    assertThat((int) site.dynamicInvoker().invokeExact(this, 41)).isEqualTo(42);
  }

  @Test
  void bootstrap_actionTheLinkerLinks_keepsTheLinkersTarget() throws Throwable {
    MethodHandle seven = MethodHandles.dropArguments(MethodHandles.constant(int.class, 7), 0, int.class);
    Dispatcher.install((caller, siteId, kind, site) -> site.setTarget(seven));
    CallSite site = Dispatcher.bootstrap(MethodHandles.lookup(), Dispatcher.ACTION, TWICE,
        Dispatcher.siteId("test", true, "twice"));
    assertThat(site.getTarget()).isSameAs(seven);
    assertThat((int) site.dynamicInvoker().invokeExact(21)).isEqualTo(7);
  }

  @Test
  void bootstrap_guardTheLinkerLeavesInert_answersFalse() throws Throwable {
    Dispatcher.install((caller, siteId, kind, site) -> { });
    CallSite site = Dispatcher.bootstrap(MethodHandles.lookup(), Dispatcher.GUARD,
        TWICE.changeReturnType(boolean.class), Dispatcher.siteId("test", true, "twice"));
    assertThat((boolean) site.dynamicInvoker().invokeExact(21)).isFalse();
  }
}

package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

final class KillSwitchTest {

  private static final MethodType SITE = MethodType.methodType(boolean.class, int.class, String.class);

  private static boolean positive(int x, String s) {
    return x > 0;
  }

  private static MethodHandle positive() throws ReflectiveOperationException {
    return MethodHandles.lookup().findStatic(KillSwitchTest.class, "positive",
        MethodType.methodType(boolean.class, int.class, String.class));
  }

  @Test
  void guard_answersAsTheActiveGuardWhileOn_andFalseOnceOff() throws Throwable {
    KillSwitch s = new KillSwitch();
    MethodHandle guard = s.guard(positive(), SITE);
    assertThat(guard.type()).isEqualTo(positive().type());
    assertThat((boolean) guard.invokeExact(1, "a")).isTrue();
    assertThat((boolean) guard.invokeExact(-1, "a")).isFalse();
    assertThat(s.isOn()).isTrue();

    s.turnOff();
    assertThat(s.isOn()).isFalse();
    assertThat((boolean) guard.invokeExact(1, "a")).isFalse();
    assertThat((boolean) s.guard(positive(), SITE).invokeExact(1, "a")).as("a guard linked after the switch went off").isFalse();
  }

  @Test
  void current_turnsOffTheOldSwitch_andHandsOutAFreshOne() throws Throwable {
    KillSwitch.Current current = new KillSwitch.Current();
    KillSwitch first = current.get();
    MethodHandle before = first.guard(positive(), SITE);

    current.turnOff();
    KillSwitch second = current.get();
    assertThat(second).isNotSameAs(first);
    assertThat(first.isOn()).isFalse();
    assertThat(second.isOn()).isTrue();
    assertThat((boolean) before.invokeExact(1, "a")).isFalse();
    assertThat((boolean) second.guard(positive(), SITE).invokeExact(1, "a")).isTrue();
  }

  @Test
  void guard_ofAGuardWithoutParameters_dropsTheSiteArguments_inFrontOfTheSwitch() throws Throwable {
    KillSwitch s = new KillSwitch();
    MethodHandle guard = s.guard(MethodHandles.constant(boolean.class, true), SITE);
    assertThat(guard.type()).isEqualTo(SITE);
    assertThat((boolean) guard.invokeExact(1, "a")).isTrue();

    s.turnOff();
    assertThat((boolean) guard.invokeExact(1, "a")).isFalse();
  }
}

package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class EvidenceWindowTest {

  /** Drains the queued intervals in order, then empty ones. */
  private static final class Queued implements Evidence {
    final Deque<Interval> queue = new ArrayDeque<>();

    Queued add(long fixedCalls, long fixedErrors, long originalCalls) {
      queue.add(new Interval(new PathFigures(fixedCalls, fixedErrors, Latency.NONE),
          new PathFigures(originalCalls, 0, Latency.NONE)));
      return this;
    }

    @Override
    public Interval drain() {
      return queue.isEmpty() ? Interval.EMPTY : queue.poll();
    }
  }

  @Test
  void last_beforeAnyTick_isEmpty() {
    EvidenceWindow window = new EvidenceWindow(new Queued().add(5, 1, 2), 3);

    assertThat(window.last(3)).isEqualTo(Evidence.Interval.EMPTY);
    assertThat(window.ticks()).isZero();
  }

  @Test
  void last_sumsTheNewestTicks() {
    EvidenceWindow window = new EvidenceWindow(new Queued().add(1, 0, 10).add(2, 1, 20).add(4, 2, 40), 3);
    window.tick();
    window.tick();
    window.tick();

    assertThat(window.last(2).fixed().calls()).isEqualTo(6);
    assertThat(window.last(2).fixed().errors()).isEqualTo(3);
    assertThat(window.last(2).original().calls()).isEqualTo(60);
    assertThat(window.last(3).fixed().calls()).isEqualTo(7);
  }

  @Test
  void last_slidesPastTheCapacity_forgettingTheOldestTick() {
    EvidenceWindow window = new EvidenceWindow(new Queued().add(1, 0, 0).add(2, 0, 0).add(4, 0, 0).add(8, 0, 0), 3);
    for (int i = 0; i < 4; i++) {
      window.tick();
    }

    assertThat(window.last(3).fixed().calls()).isEqualTo(14);
    assertThat(window.last(10).fixed().calls()).as("a span beyond the capacity is the capacity").isEqualTo(14);
    assertThat(window.ticks()).isEqualTo(4);
  }

  @Test
  void last_spanLongerThanTheTicksSoFar_sumsThemAll() {
    EvidenceWindow window = new EvidenceWindow(new Queued().add(3, 1, 0), 60);
    window.tick();

    assertThat(window.last(60).fixed().calls()).isEqualTo(3);
  }

  @Test
  void constructor_noCapacity_isRefused() {
    assertThatThrownBy(() -> new EvidenceWindow(Evidence.NONE, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an evidence window holds at least one tick; was 0");
  }
}

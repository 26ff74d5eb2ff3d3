package dev.scalpel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

final class CounterTableTest {

  @Test
  void create_sizeNotAPowerOfTwo_refused() {
    Map<Integer, String> refused = Map.of(
        0, "a counter table's size must be a power of two; was 0",
        3, "a counter table's size must be a power of two; was 3",
        -4, "a counter table's size must be a power of two; was -4");
    refused.forEach((size, message) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CounterTable(size, null));
      assertThat(e).as("size %d", size).hasMessage(message);
    });
  }

  @Test
  void claim_freeCell_thenOwned() {
    CounterTable table = new CounterTable(4, null);
    Thread me = Thread.currentThread();
    int cell = table.cellOf(me);
    assertThat(table.owns(cell, me)).isFalse();
    assertThat(table.claim(cell, me)).isEqualTo(CounterTable.Claim.CLAIMED);
    table.addAfterClaim(cell);
    assertThat(table.owns(cell, me)).isTrue();
    assertThat(table.claim(cell, me)).isEqualTo(CounterTable.Claim.OWNED);
    table.add(cell);
    assertThat(table.sum()).isEqualTo(2);
  }

  @Test
  void claim_liveOwner_taken_deadOwner_claimedWithItsCounts() throws Exception {
    CounterTable table = new CounterTable(1, null);
    Thread me = Thread.currentThread();
    assertThat(table.claim(0, me)).isEqualTo(CounterTable.Claim.CLAIMED);
    table.addAfterClaim(0);
    AtomicReference<CounterTable.Claim> otherClaim = new AtomicReference<>();
    Thread other = new Thread(() -> otherClaim.set(table.claim(0, Thread.currentThread())));
    other.start();
    other.join();
    assertThat(otherClaim).hasValue(CounterTable.Claim.TAKEN);

    CounterTable left = new CounterTable(1, null);
    Thread dead = new Thread(() -> {
      left.claim(0, Thread.currentThread());
      left.addAfterClaim(0);
      left.add(0);
    });
    dead.start();
    dead.join();
    assertThat(left.claim(0, me)).isEqualTo(CounterTable.Claim.CLAIMED);
    left.addAfterClaim(0);
    assertThat(left.sum()).isEqualTo(3);
  }
}

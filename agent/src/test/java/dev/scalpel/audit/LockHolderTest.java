package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

final class LockHolderTest {

  private static final String LOCKS = """
      1: FLOCK  ADVISORY  WRITE 13688 fe:00:2154516 0 EOF
      2: POSIX  ADVISORY  WRITE 4242 fe:00:2146738 0 EOF
      2: -> POSIX  ADVISORY  WRITE 777 fe:00:2146738 0 EOF
      3: POSIX  ADVISORY  WRITE 99 08:01:2146738 0 EOF
      4: OFDLCK ADVISORY  WRITE -1 103:05:55 0 EOF
      """;

  @Test
  void find_matchesDeviceAndInode_skipsThisProcess() {
    long vda = 0xfe00;
    assertThat(LockHolder.find(LOCKS, vda, 2146738, 1)).isEqualTo(OptionalLong.of(4242));
    assertThat(LockHolder.find(LOCKS, vda, 2146738, 4242)).isEqualTo(OptionalLong.of(777));
    assertThat(LockHolder.find(LOCKS, 0x0801, 2146738, 1)).isEqualTo(OptionalLong.of(99));
    assertThat(LockHolder.find(LOCKS, vda, 1, 1)).isEmpty();
    // Major 259, minor 5 (an NVMe partition): Linux keeps the minor's low byte and the major's 12 bits apart.
    assertThat(LockHolder.find(LOCKS, (259L << 8) | 5, 55, 1)).isEmpty();
    assertThat(LockHolder.find("garbage\n\n", vda, 2146738, 1)).isEmpty();
  }
}

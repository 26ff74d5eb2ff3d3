package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ChainHashTest {

  @TempDir
  Path dir;

  @Test
  void readKey_badFiles_sayWhatToDo() throws IOException {
    Path missing = dir.resolve("missing.key");
    Path empty = Files.createFile(dir.resolve("empty.key"));
    Path big = Files.write(dir.resolve("big.key"), new byte[ChainHash.MAX_KEY_BYTES + 1]);
    Object[][] cases = {
        {missing, "the audit key " + missing + " does not exist; write a secret to it, for example 32 random bytes"
            + " (head -c 32 /dev/urandom > " + missing + ")"},
        {empty, "the audit key " + empty + " is empty; write a secret to it, for example 32 random bytes"
            + " (head -c 32 /dev/urandom > " + empty + ")"},
        {dir, "the audit key " + dir + " is not a regular file; give the file that holds the key"},
        {big, "the audit key " + big + " holds more than 4096 bytes; a key of 32 random bytes is enough"
            + " (head -c 32 /dev/urandom > " + big + ")"},
    };
    for (Object[] c : cases) {
      assertThatThrownBy(() -> ChainHash.readKey((Path) c[0])).as(c[0].toString())
          .isInstanceOf(IOException.class).hasMessage((String) c[1]);
    }
  }

  @Test
  void readKey_oneByte_isAKey() throws IOException {
    ChainHash chain = ChainHash.readKey(Files.write(dir.resolve("one.key"), new byte[] {7}));
    assertThat(chain.keyed()).isTrue();
    assertThat(chain.of("0", "{}")).hasSize(64).isNotEqualTo(ChainHash.SHA256.of("0", "{}"))
        .isNotEqualTo(ChainHash.hmac(new byte[] {8}).of("0", "{}"));
    assertThat(ChainHash.SHA256.keyed()).isFalse();
  }
}

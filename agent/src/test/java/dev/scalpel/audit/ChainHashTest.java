package dev.scalpel.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scalpel.trust.FileOwnership;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  /** Regression: the agent read its audit key from a file that any user could have written. */
  @Test
  void readKeyChecked_writableByOthers_refusedSayingWhatToDo() throws Exception {
    FileOwnership ownership = new FileOwnership(Files.getOwner(dir));
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setAttribute(open, "unix:mode", 0777);
    Path inOpen = key(open.resolve("audit.key"), "rw-------");
    Path groupWritable = key(dir.resolve("group.key"), "rw-rw----");
    Object[][] cases = {
        {groupWritable, "the audit key " + groupWritable + " is not used: " + groupWritable + " is writable by other"
            + " users than its owner (mode 0660): another user could have put what the agent would read there;"
            + " chmod go-w it"},
        {inOpen, "the audit key " + inOpen + " is not used: " + open + " is writable by other users than its owner"
            + " (mode 0777): another user could have put what the agent would read there; chmod go-w it"},
    };
    for (Object[] c : cases) {
      assertThatThrownBy(() -> ChainHash.readKey((Path) c[0], ownership)).as(c[0].toString())
          .isInstanceOf(IOException.class).hasMessage((String) c[1]);
    }
  }

  @Test
  void readKeyChecked_ownKey_isAKey() throws Exception {
    Path key = key(dir.resolve("audit.key"), "rw-------");

    assertThat(ChainHash.readKey(key, FileOwnership.ofThisProcess()).of("0", "{}"))
        .isEqualTo(ChainHash.readKey(key).of("0", "{}"));
  }

  @Test
  void readKeyChecked_missing_saysSoAsReadKeyDoes() {
    Path missing = dir.resolve("missing.key");

    assertThatThrownBy(() -> ChainHash.readKey(missing, new FileOwnership(Files.getOwner(dir))))
        .isInstanceOf(IOException.class).hasMessageStartingWith("the audit key " + missing + " does not exist;");
  }

  private static Path key(Path file, String mode) throws IOException {
    Files.write(file, new byte[] {7});
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
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

package dev.scalpel.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ProcessUserTest {

  /** The file ownership checks compare with this user: it must be the one that owns what the JVM makes. */
  @Test
  void get_isTheOwnerOfAFileTheJvmMakes(@TempDir Path dir) throws IOException {
    Path made = Files.createFile(dir.resolve("made"));

    assertThat(ProcessUser.get()).isEqualTo(Files.getOwner(made));
  }
}

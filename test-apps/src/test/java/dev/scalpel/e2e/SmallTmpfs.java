package dev.scalpel.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A 64 KiB tmpfs mounted for one test, so that a file on it (an audit log) can be made to meet a
 * full file system for real. Mounting needs root: elsewhere {@link #mount} skips the test with a
 * message. Close it to unmount it.
 *
 * <p>A full tmpfs still takes writes into the last page that a file already holds; a test that
 * needs a write to fail writes more than a page at once.
 */
final class SmallTmpfs implements AutoCloseable {

  private final Path root;

  private SmallTmpfs(Path root) {
    this.root = root;
  }

  /**
   * Mounts a 64 KiB tmpfs at the new folder {@code folder}, or skips the test (an assumption that
   * fails) if it cannot be mounted.
   */
  static SmallTmpfs mount(Path folder) {
    try {
      Files.createDirectory(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make the mount point " + folder, e);
    }
    Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.toString()),
        "cannot mount a tmpfs at " + folder + " (needs root): a file cannot be made to meet a full file system; skipped");
    return new SmallTmpfs(folder);
  }

  /** The mount point. */
  Path root() {
    return root;
  }

  /**
   * Fills the file system with one file until a write fails.
   *
   * @return that file: delete it to make room again
   */
  Path fill() {
    Path filler = root.resolve("filler");
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      // What the test wants: no room left.
    }
    return filler;
  }

  /** Unmounts the file system. */
  @Override
  public void close() {
    run("umount", root.toString());
  }

  private static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(OutputStream.nullOutputStream());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while running " + List.of(command), e));
    }
  }
}

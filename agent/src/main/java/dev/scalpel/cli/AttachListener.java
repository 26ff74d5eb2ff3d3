package dev.scalpel.cli;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.spi.AttachProvider;
import dev.scalpel.agent.ControlPath;
import dev.scalpel.audit.ProcessId;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Starts a JVM's attach listener ahead of {@code VirtualMachine.attach}, which, when the listener
 * is not running yet, signals the JVM and then sleeps 100 ms before it first looks for the
 * listener's socket (then 200 ms more, and so on), though the listener is usually up within a few
 * milliseconds. This class makes the same handshake (a file {@code .attach_pidNSPID} in the JVM's
 * working folder, or in its temporary folder, then {@code SIGQUIT}) and looks for the socket every
 * millisecond, so that the attach that follows finds it at once.
 *
 * <p>It signals only a process that catches {@code SIGQUIT} and does not ignore it (its
 * {@code /proc/PID/status}), as the JDK 25 client does: to any other process the signal could be
 * fatal; and not a JVM whose command line turns the attach mechanism off, which would print a
 * thread dump. The signal is sent through the JDK attach client's own native method, which the agent
 * jar's manifest opens to the command line ({@code Add-Opens: jdk.attach/sun.tools.attach}); where
 * that is not open (the jar run with {@code -cp}), or anything else does not hold, this class does
 * nothing and the attach runs its usual course. It never throws.
 *
 * <p>Once the listener's socket is there, {@link #attach} connects to it without
 * {@code VirtualMachine.attach}'s first step, which asks the JVM's performance data whether it can
 * be attached to (mapping and parsing all of it: 35 to 60 ms in a fresh command-line JVM); a
 * listening socket already answers that.
 */
final class AttachListener {

  // The JDK's attach client on Linux, in the package the agent jar's manifest opens.
  private static final String CLIENT = "sun.tools.attach.VirtualMachineImpl";
  private static final long SIGQUIT_BIT = 1L << (3 - 1);
  private static final long STEP_MILLIS = 1;

  private AttachListener() {}

  /**
   * Starts the attach listener of the JVM {@code pid}, whose files {@code files} reads, and waits
   * for its socket up to {@code boundNanos}.
   *
   * @return whether the socket is there now
   */
  static boolean start(TargetFiles files, String pid, long boundNanos) {
    try {
      Path process = files.process();
      String status = ControlPath.read(process.resolve("status"));
      long nsPid = ProcessId.namespacePid(status, pid);
      Path tmp = process.resolve("root").resolve("tmp");
      tmp = Files.isWritable(tmp) ? tmp : Path.of("/tmp");
      Path socket = tmp.resolve(".java_pid" + nsPid);
      if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
      // A JVM started with the attach mechanism off answers SIGQUIT with a thread dump.
      if (!catchesQuit(status) || ControlPath.read(process.resolve("cmdline")).contains("-XX:+DisableAttachMechanism")) {
        return false;
      }
      Method quit = quitMethod();
      if (quit == null) {
        return false;
      }
      Path trigger = createTrigger(process, tmp, nsPid);
      if (trigger == null) {
        return false;
      }
      try {
        quit.invoke(null, Integer.parseInt(pid));
        long deadline = System.nanoTime() + boundNanos;
        while (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
          if (System.nanoTime() - deadline > 0) {
            return false;
          }
          Thread.sleep(STEP_MILLIS);
        }
        return true;
      } finally {
        Files.deleteIfExists(trigger);
      }
    } catch (IOException | RuntimeException | IllegalAccessException | InvocationTargetException e) {
      // The attach makes its own handshake.
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether a {@code /proc/PID/status} text says the process catches {@code SIGQUIT} and does not
   * ignore it (its {@code SigCgt} and {@code SigIgn} masks, in hexadecimal).
   */
  static boolean catchesQuit(String status) {
    long caught = mask(status, "SigCgt:");
    long ignored = mask(status, "SigIgn:");
    return caught >= 0 && ignored >= 0 && (caught & SIGQUIT_BIT) != 0 && (ignored & SIGQUIT_BIT) == 0;
  }

  // The low 64 bits of the hexadecimal mask on the line that starts with name, or -1 without one.
  private static long mask(String status, String name) {
    int at = status.startsWith(name) ? 0 : status.indexOf("\n" + name);
    if (at < 0) {
      return -1;
    }
    int from = status.indexOf(':', at) + 1;
    int end = status.indexOf('\n', from);
    String hex = status.substring(from, end < 0 ? status.length() : end).strip();
    if (hex.isEmpty() || hex.length() > 64) {
      return -1;
    }
    try {
      return Long.parseUnsignedLong(hex.substring(Math.max(0, hex.length() - 16)), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // The trigger file in the JVM's working folder, else in its temporary folder; null if neither takes it.
  private static Path createTrigger(Path process, Path tmp, long nsPid) {
    String name = ".attach_pid" + nsPid;
    for (Path folder : new Path[] {process.resolve("cwd"), tmp}) {
      try {
        return Files.createFile(folder.resolve(name));
      } catch (IOException | RuntimeException e) {
        // The next place, as the JDK's client does.
      }
    }
    return null;
  }

  /**
   * Attaches to the JVM {@code pid} whose attach listener's socket is there ({@link #start} said
   * so), as {@code VirtualMachine.attach} would once it had checked that the JVM can be attached
   * to: through the JDK client's own constructor, which finds the socket and checks its owner.
   *
   * @return the attached JVM, or null if the constructor cannot be reached or fails; the caller
   *         then attaches the usual way, which reports any failure as it always does
   */
  static VirtualMachine attach(String pid) {
    try {
      AttachProvider provider = null;
      for (AttachProvider p : AttachProvider.providers()) {
        if (p.getClass().getName().equals("sun.tools.attach.AttachProviderImpl")) {
          provider = p;
        }
      }
      if (provider == null) {
        return null;
      }
      Constructor<?> make = Class.forName(CLIENT).getDeclaredConstructor(AttachProvider.class, String.class);
      make.setAccessible(true);
      return (VirtualMachine) make.newInstance(provider, pid);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // The usual attach.
      return null;
    }
  }

  private static Method quitMethod() {
    try {
      Class<?> impl = Class.forName(CLIENT);
      Method quit = impl.getDeclaredMethod("sendQuitTo", int.class);
      quit.setAccessible(true);
      return quit;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }
}

package dev.scalpel.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.scalpel.agent.AgentVersion;
import dev.scalpel.agent.ControlClient;
import dev.scalpel.agent.ControlSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Talks to a JVM as only its own OS user can, through the JDK's attach mechanism, where the agent
 * could not be reached at its derived control socket ({@link DerivedSocket}): it reads the system
 * property where a running agent publishes its control socket, and sends the command there; where
 * Scalpel does not run yet, it loads the agent jar with the command as its options and reads the
 * answer from a file in a folder only this user can read.
 */
final class AttachClient {

  /** The target JVM could not be reached: no such process, or not attachable. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The agent's answer: {@code ok}, {@code refused} or {@code failed}, and the lines to show. */
  record Answer(String outcome, List<String> lines) {
    int exitCode() {
      return outcome.equals("ok") ? ScalpelCli.OK : ScalpelCli.REFUSED;
    }

    /** The answer in an agent's reply: its first line is the outcome, the others are shown; none is a failure. */
    static Answer of(String reply) {
      return of(lines(reply));
    }

    /** As {@link #of(String)}, for the reply's lines. */
    static Answer of(List<String> lines) {
      return new Answer(lines.isEmpty() ? "failed" : lines.get(0), lines.isEmpty() ? List.of() : lines.subList(1, lines.size()));
    }

    // The reply's lines, as String.lines() splits them, without the stream machinery's start-up.
    private static List<String> lines(String reply) {
      List<String> lines = new ArrayList<>();
      int start = 0;
      while (start < reply.length()) {
        int end = start;
        while (end < reply.length() && reply.charAt(end) != '\n' && reply.charAt(end) != '\r') {
          end++;
        }
        lines.add(reply.substring(start, end));
        start = end + (reply.startsWith("\r\n", end) ? 2 : 1);
      }
      return lines;
    }
  }

  private static final long MAX_REPLY = 16 * 1024 * 1024;
  // How long the command waits for a target's attach listener to start before it leaves the start
  // to the attach mechanism itself (which waits up to 10 s more): short, for a JVM that never
  // starts one (-XX:+DisableAttachMechanism) makes the command wait both.
  private static final long LISTENER_WAIT_NANOS = 2_000_000_000L;

  private AttachClient() {}

  private static Properties properties(VirtualMachine vm, String pid) throws Unreachable {
    try {
      return vm.getSystemProperties();
    } catch (IOException e) {
      throw new Unreachable("cannot read the system properties of JVM " + pid + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs one agent command in {@code pid}, whose agent did not answer at its derived control
   * socket ({@link DerivedSocket}), and returns its answer: over the control socket the agent
   * publishes in its system properties if it runs there; else, if {@code load}, by loading the
   * agent (which then starts). One attach serves both the look and the load. Paths the target
   * names are read through {@code files}, so a target in another mount namespace (a container) is
   * reached too.
   *
   * @param deadline when the agent's answer over its socket must have come, on {@link System#nanoTime()}'s clock
   * @return the answer, or null if Scalpel does not run in {@code pid} and {@code load} is false
   * @throws Unreachable if the JVM cannot be attached, or its control socket is not the agent's
   * @throws java.net.SocketTimeoutException if the agent did not answer by {@code deadline}
   */
  static Answer send(String pid, TargetFiles files, String options, boolean load, long deadline)
      throws Unreachable, IOException {
    // Loading: where the target runs no Java agent at all, Scalpel's cannot be there on a socket
    // of its own, and the load needs nothing from the target's properties (their reading costs the
    // target a formatter's set-up).
    boolean agentFree = load && files.shared() && agentFree(files);
    VirtualMachine vm = null;
    if (load && AttachListener.start(files, pid, Math.min(LISTENER_WAIT_NANOS, deadline - System.nanoTime()))) {
      vm = AttachListener.attach(pid);
    }
    if (vm == null) {
      vm = attach(pid);
    }
    try {
      if (agentFree) {
        return load(vm, pid, options, files, "/tmp");
      }
      Properties properties = properties(vm, pid);
      String control = properties.getProperty(ControlSocket.PROPERTY);
      if (control != null) {
        detach(vm);
        vm = null;
        Path socket = files.resolve(control);
        try {
          files.checkControlSocket(socket);
        } catch (IOException e) {
          throw new Unreachable("cannot talk to the agent in JVM " + pid + ": " + e.getMessage(), e);
        }
        return Answer.of(ControlClient.request(socket, options, left(deadline)));
      }
      return load ? load(vm, pid, options, files, properties.getProperty("java.io.tmpdir", "/tmp")) : null;
    } finally {
      if (vm != null) {
        detach(vm);
      }
    }
  }

  // Whether the target is a JVM that runs no Java agent: it maps libjvm.so and not libinstrument.so.
  private static boolean agentFree(TargetFiles files) {
    try {
      return JavaProcesses.maps(files.process(), "libjvm.so") && !JavaProcesses.maps(files.process(), "libinstrument.so");
    } catch (IOException e) {
      return false;
    }
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
  }

  // The reply's folder is made where the target can write it: in its own temporary folder when it
  // sees another file system, and owned by its user when that is not this one (root attaching).
  private static Answer load(VirtualMachine vm, String pid, String options, TargetFiles files, String targetTmp)
      throws IOException {
    Path dir = Files.createTempDirectory(files.shared() ? Path.of(System.getProperty("java.io.tmpdir"))
        : files.resolve(targetTmp), "scalpel-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path reply = dir.resolve("reply");
    String targetReply = files.shared() ? reply.toString() : targetTmp.replaceAll("/+$", "") + "/" + dir.getFileName() + "/reply";
    try {
      Optional<UserPrincipal> user = files.user();
      if (user.isPresent() && !user.get().equals(Files.getOwner(dir))) {
        Files.setOwner(dir, user.get());
      }
      try {
        vm.loadAgent(agentJar().toString(), options + ",reply=" + targetReply);
      } catch (AgentLoadException e) {
        return new Answer("failed", List.of("JVM " + pid + " refused to load the agent: "
            + String.valueOf(e.getMessage()).replaceAll("\\.+$", "") + (files.shared() ? "" : ". That JVM runs in another"
            + " file system (a container): it reads the agent jar at " + agentJar() + " in its own; put the jar there")
            + ". A JVM started with -XX:-EnableDynamicAgentLoading (JDK 21 and later) loads no agent after startup: "
            + "start it with -javaagent instead, or without that flag"));
      } catch (AgentInitializationException e) {
        return new Answer("failed", List.of("the agent failed to start in JVM " + pid + ": " + e.getMessage()
            + "; see that JVM's standard error"));
      }
      if (!Files.exists(reply)) {
        return new Answer("failed", List.of("the agent in JVM " + pid + " gave no answer; see that JVM's standard error"));
      }
      if (Files.size(reply) > MAX_REPLY) {
        return new Answer("failed", List.of("the agent in JVM " + pid + " answered in " + Files.size(reply)
            + " bytes, more than " + MAX_REPLY + "; see that JVM's standard error"));
      }
      return Answer.of(Files.readAllLines(reply, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(reply);
      Files.deleteIfExists(dir);
    }
  }

  private static VirtualMachine attach(String pid) throws Unreachable {
    try {
      return VirtualMachine.attach(pid);
    } catch (AttachNotSupportedException | IOException e) {
      throw new Unreachable("cannot attach to JVM " + pid + ": " + e.getMessage()
          + " (is it running, a JDK 17+ JVM, and owned by this user?)", e);
    }
  }

  private static void detach(VirtualMachine vm) {
    try {
      vm.detach();
    } catch (IOException e) {
      // Nothing to do: the connection is gone either way.
    }
  }

  /** The jar this command line runs from, which is the agent jar. */
  static Path agentJar() {
    Path jar = AgentVersion.location();
    if (jar == null) {
      throw new IllegalStateException("cannot locate the agent jar this command runs from");
    }
    return jar;
  }
}

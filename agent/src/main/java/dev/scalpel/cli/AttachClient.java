package dev.scalpel.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.scalpel.agent.AgentVersion;
import dev.scalpel.agent.ControlSocket;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;

/**
 * Talks to a JVM as only its own OS user can. Through the JDK's attach mechanism it reads the
 * system properties where a running agent publishes its control socket, and sends the command
 * there; where Scalpel does not run yet, it loads the agent jar with the command as its options and
 * reads the answer from a file in a folder only this user can read.
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
  }

  private AttachClient() {}

  /**
   * What Scalpel publishes in {@code pid}'s system properties: its version and control socket.
   *
   * @param version the agent's version, or null if Scalpel is not loaded there
   * @param control the control socket's path, or null
   */
  record Probe(String version, String control) {}

  /** Reads what Scalpel publishes in {@code pid}, loading nothing into it. */
  static Probe probe(String pid) throws Unreachable {
    VirtualMachine vm = attach(pid);
    try {
      Properties p = properties(vm, pid);
      return new Probe(p.getProperty(AgentVersion.PROPERTY), p.getProperty(ControlSocket.PROPERTY));
    } finally {
      detach(vm);
    }
  }

  private static Properties properties(VirtualMachine vm, String pid) throws Unreachable {
    try {
      return vm.getSystemProperties();
    } catch (IOException e) {
      throw new Unreachable("cannot read the system properties of JVM " + pid + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs one agent command in {@code pid} and returns its answer: over the agent's control socket
   * if it runs there; else, if {@code load}, by loading the agent (which then starts). One attach
   * serves both the look and the load.
   *
   * @return the answer, or null if Scalpel does not run in {@code pid} and {@code load} is false
   */
  static Answer send(String pid, String options, boolean load) throws Unreachable, IOException {
    VirtualMachine vm = attach(pid);
    try {
      String control = properties(vm, pid).getProperty(ControlSocket.PROPERTY);
      if (control != null) {
        detach(vm);
        vm = null;
        return answer(ControlSocket.request(Path.of(control), options).lines().toList());
      }
      return load ? load(vm, pid, options) : null;
    } finally {
      if (vm != null) {
        detach(vm);
      }
    }
  }

  private static Answer answer(List<String> lines) {
    return new Answer(lines.isEmpty() ? "failed" : lines.get(0), lines.isEmpty() ? List.of() : lines.subList(1, lines.size()));
  }

  private static Answer load(VirtualMachine vm, String pid, String options) throws IOException {
    Path dir = Files.createTempDirectory("scalpel-", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    Path reply = dir.resolve("reply");
    try {
      try {
        vm.loadAgent(agentJar().toString(), options + ",reply=" + reply);
      } catch (AgentLoadException e) {
        return new Answer("failed", List.of("JVM " + pid + " refused to load the agent: "
            + String.valueOf(e.getMessage()).replaceAll("\\.+$", "") + ". A JVM started with -XX:-EnableDynamicAgentLoading (JDK 21 and later) loads no agent after startup: "
            + "start it with -javaagent instead, or without that flag"));
      } catch (AgentInitializationException e) {
        return new Answer("failed", List.of("the agent failed to start in JVM " + pid + ": " + e.getMessage()
            + "; see that JVM's standard error"));
      }
      if (!Files.exists(reply)) {
        return new Answer("failed", List.of("the agent in JVM " + pid + " gave no answer; see that JVM's standard error"));
      }
      return answer(Files.readAllLines(reply, StandardCharsets.UTF_8));
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
    try {
      return Path.of(AttachClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the agent jar: " + e, e);
    }
  }
}

package dev.scalpel.e2e;

import static dev.scalpel.e2e.Patch.patch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's observability promises, read from a running agent in a separate JVM by real
 * clients: the MXBeans through a JMX connector (the one JConsole uses for a local JVM, started
 * through the attach API), the JFR events from a recording started and dumped with {@code jcmd}
 * and read with {@link RecordingFile}; and {@code counters=false} giving null counts in both
 * {@code status --json} and JMX.
 */
final class ObservabilityIT {

  private static final ObjectName AGENT = name("dev.scalpel:type=Agent");
  private static final ObjectName PRICE_1 = name("dev.scalpel:type=Patch,id=\"PRICE-1\"");
  private static final String RECORDING = "scalpel-it";

  /**
   * Guards the MXBeans and the JFR events: JMX shows the agent and the patch with its state and
   * counts, and its {@code rollback()} takes the patch out; a recording holds an event for the
   * manifest rejected, the patch rolled back and the manifest applied.
   */
  @AcrossJdks
  void jmxAndJfr_seenByRealClients(Jdk jdk, @TempDir Path dir) throws Exception {
    Scalpel scalpel = Scalpel.on(jdk, dir);
    Patch price = patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX);
    Path manifest = ManifestFile.write(dir, price);
    Path rejected = ManifestFile.writeTo(dir.resolve("rejected.yaml"), ManifestFile.yaml(
        patch("PRICE-1", PricingIT.TOTAL).fix(PricingIT.FIX, FixJar.PRICING.path().toString(), "0".repeat(64))));
    Path second = ManifestFile.writeTo(dir.resolve("second.yaml"), ManifestFile.yaml(
        patch("PRICE-2", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX)));
    Path recording = dir.resolve("scalpel.jfr");

    try (RunningJvm app = Serving.start(jdk, dir, Serving.agent(manifest))) {
      app.awaitStdoutLine(PricingUnderLoad.FIXED);
      jcmd(jdk, dir, app.pid(), "JFR.start", "name=" + RECORDING);

      try (JMXConnector jmx = connect(app.pid())) {
        MBeanServerConnection beans = jmx.getMBeanServerConnection();
        app.await("the agent registered " + PRICE_1 + " (two seconds after it started)",
            () -> registered(beans, PRICE_1), () -> "");
        AgentStatus status = scalpel.statusJson(app.pid());
        assertEquals(status.agent(), beans.getAttribute(AGENT, "Version"));
        assertEquals(manifest.toString(), beans.getAttribute(AGENT, "ManifestPath"));
        assertEquals(status.manifestSha256(), beans.getAttribute(AGENT, "ManifestSha256"));
        assertArrayEquals(new String[] {"PRICE-1"}, (String[]) beans.getAttribute(AGENT, "PatchIds"));
        assertEquals("active", beans.getAttribute(PRICE_1, "State"));
        assertEquals(PricingIT.TOTAL, beans.getAttribute(PRICE_1, "Target"));
        assertTrue((Long) beans.getAttribute(PRICE_1, "CallsFixed") > 0, "CallsFixed after fixed calls");
        assertEquals(0L, beans.getAttribute(PRICE_1, "CallsOriginal"));
        assertEquals(0L, beans.getAttribute(PRICE_1, "ErrorsFixed"));
        assertEquals(0L, beans.getAttribute(PRICE_1, "ErrorsGuard"));
        assertNull(beans.getAttribute(PRICE_1, "Failure"));

        JvmResult refused = scalpel.attach(app.pid(), rejected);
        assertEquals(Scalpel.REFUSED, refused.exitCode(), refused::describe);

        String reply = (String) beans.invoke(PRICE_1, "rollback", null, null);
        assertTrue(reply.contains("PRICE-1"), () -> "rollback() answered: " + reply);
        app.awaitStdout("the original total again after the JMX rollback",
            lines -> lines.get(lines.size() - 1).equals(PricingUnderLoad.BUGGY));
        assertEquals("rolled-back", beans.getAttribute(PRICE_1, "State"));
      }

      JvmResult applied = scalpel.attach(app.pid(), second);
      assertEquals(Scalpel.OK, applied.exitCode(), applied::describe);
      app.awaitStdout("the fixed total again after the second manifest",
          lines -> lines.get(lines.size() - 1).equals(PricingUnderLoad.FIXED));
      jcmd(jdk, dir, app.pid(), "JFR.dump", "name=" + RECORDING, "filename=" + recording);

      Map<String, List<RecordedEvent>> events = scalpelEvents(recording);
      RecordedEvent rejection = only(events, "dev.scalpel.ManifestRejected");
      assertEquals(rejected.toString(), rejection.getString("path"));
      assertTrue(rejection.getString("problems").contains("sha256"), rejection::toString);
      RecordedEvent rollback = only(events, "dev.scalpel.PatchRolledBack");
      assertEquals("PRICE-1", rollback.getString("patchId"));
      assertEquals(PricingIT.TOTAL, rollback.getString("target"));
      RecordedEvent apply = only(events, "dev.scalpel.ManifestApplied");
      assertEquals(second.toString(), apply.getString("path"));
      assertEquals(scalpel.statusJson(app.pid()).manifestSha256(), apply.getString("sha256"));
      assertEquals(1, apply.getInt("applied"));
    }
  }

  /** Guards {@code counters=false}: every count is null, in {@code status --json} and in JMX alike. */
  @AcrossJdks
  void countersOff_nullInStatusJsonAndJmx(Jdk jdk, @TempDir Path dir) throws Exception {
    Path manifest = ManifestFile.write(dir, patch("PRICE-1", PricingIT.TOTAL).fix(FixJar.PRICING, PricingIT.FIX));

    try (RunningJvm app = Serving.start(jdk, dir, Serving.agent(manifest, "counters=false"))) {
      app.awaitStdoutLine(PricingUnderLoad.FIXED);

      AgentStatus status = Scalpel.on(jdk, dir).statusJson(app.pid());
      Map<String, Object> patch = firstPatch(status.json());
      assertEquals("active", patch.get("state"), status::json);
      for (String group : List.of("calls", "errors")) {
        Map<?, ?> counts = (Map<?, ?>) patch.get(group);
        assertTrue(!counts.isEmpty() && counts.values().stream().allMatch(v -> v == null),
            () -> group + " should hold only nulls: " + status.json());
      }
      try (JMXConnector jmx = connect(app.pid())) {
        MBeanServerConnection beans = jmx.getMBeanServerConnection();
        app.await("the agent registered " + PRICE_1, () -> registered(beans, PRICE_1), () -> "");
        assertEquals("active", beans.getAttribute(PRICE_1, "State"));
        for (String count : List.of("CallsFixed", "CallsOriginal", "ErrorsFixed", "ErrorsGuard")) {
          assertNull(beans.getAttribute(PRICE_1, count), count);
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> firstPatch(String json) {
    List<Object> patches = (List<Object>) Json.readObject(json).get("patches");
    return (Map<String, Object>) patches.get(0);
  }

  /** A JMX connection to the local JVM {@code pid}, through its local connector address as JConsole gets it. */
  private static JMXConnector connect(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    return JMXConnectorFactory.connect(new JMXServiceURL(address));
  }

  private static boolean registered(MBeanServerConnection beans, ObjectName name) {
    try {
      return beans.isRegistered(name);
    } catch (IOException e) {
      throw new IllegalStateException("JMX connection lost while waiting for " + name, e);
    }
  }

  /** Runs the target JDK's {@code jcmd PID ARGS...}, which must succeed. */
  private static void jcmd(Jdk jdk, Path dir, long pid, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(jdk.home().resolve("bin").resolve("jcmd").toString(), Long.toString(pid)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    boolean done = p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly();
    }
    assertTrue(done && p.exitValue() == 0, () -> String.join(" ", command) + (done ? " failed" : " timed out after 2 minutes")
        + ":\n" + output);
  }

  /** The recording's Scalpel events by type name. */
  private static Map<String, List<RecordedEvent>> scalpelEvents(Path recording) throws IOException {
    return RecordingFile.readAllEvents(recording).stream()
        .filter(e -> e.getEventType().getName().startsWith("dev.scalpel."))
        .collect(Collectors.groupingBy(e -> e.getEventType().getName(), TreeMap::new, Collectors.toList()));
  }

  private static RecordedEvent only(Map<String, List<RecordedEvent>> events, String type) {
    List<RecordedEvent> ofType = events.getOrDefault(type, List.of());
    assertEquals(1, ofType.size(), () -> "one " + type + " event expected; the recording's Scalpel events: " + events);
    assertNotNull(ofType.get(0));
    return ofType.get(0);
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalArgumentException(name, e);
    }
  }
}

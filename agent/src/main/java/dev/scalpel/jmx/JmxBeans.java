package dev.scalpel.jmx;

import dev.scalpel.engine.PatchStatus;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.management.JMException;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

/**
 * Keeps the MXBeans in step with the running manifest: {@link #sync} registers a bean for each new
 * patch id and unregisters those that left. The agent calls it from its own timer thread, never at
 * JVM startup: touching the platform MBean server in {@code premain} can start JMX (and with it
 * {@code java.util.logging}) before the application has configured them.
 */
public final class JmxBeans {

  /** What the beans read and do. */
  public interface Source {
    /** The agent's version. */
    String version();

    /** The running manifest's path and hash, if any. */
    Optional<String[]> manifest();

    /** Every patch's status, in manifest order. */
    List<PatchStatus> status();

    /** Rolls back the given ids ({@code *} alone for all), returning the reply text. */
    String rollback(List<String> ids);
  }

  private final MBeanServer server;
  private final Source source;
  private final Map<String, ObjectName> patches = new HashMap<>();
  private boolean agentRegistered;

  /** Beans for {@code source} in the platform MBean server. */
  public JmxBeans(Source source) {
    this.server = ManagementFactory.getPlatformMBeanServer();
    this.source = source;
  }

  /** Registers and unregisters beans so that there is exactly one per patch of the running manifest. */
  public synchronized void sync() throws JMException {
    if (!agentRegistered) {
      server.registerMBean(agent, new ObjectName(AGENT));
      agentRegistered = true;
    }
    List<PatchStatus> status = source.status();
    Map<String, ObjectName> current = new HashMap<>();
    for (PatchStatus s : status) {
      ObjectName name = patches.get(s.id());
      if (name == null) {
        name = new ObjectName("dev.scalpel:type=Patch,id=" + ObjectName.quote(s.id()));
        server.registerMBean(new PatchBean(s.id()), name);
      }
      current.put(s.id(), name);
    }
    for (Map.Entry<String, ObjectName> e : patches.entrySet()) {
      if (!current.containsKey(e.getKey())) {
        server.unregisterMBean(e.getValue());
      }
    }
    patches.clear();
    patches.putAll(current);
  }

  /**
   * Sends a notification from {@code dev.scalpel:type=Agent} to its listeners: {@link #TRIPPED}
   * when the safety net takes a patch out, {@link #PROGRESSED} when it steps a rollout up. Its
   * user data is the patch id. Nothing is sent before the first {@link #sync}.
   */
  public void notify(String type, String patchId, String message) {
    Notification n = new Notification(type, AGENT, sequence.incrementAndGet(), System.currentTimeMillis(), message);
    n.setUserData(patchId);
    agent.sendNotification(n);
  }

  /** The notification type of a patch that its autoRollback rule took out. */
  public static final String TRIPPED = "dev.scalpel.patch.tripped";

  /** The notification type of a patch whose rollout stepped up. */
  public static final String PROGRESSED = "dev.scalpel.patch.progressed";

  private static final String AGENT = "dev.scalpel:type=Agent";
  private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
  private final AgentBean agent = new AgentBean();

  private final class AgentBean extends NotificationBroadcasterSupport implements AgentMXBean {
    AgentBean() {
      super(new MBeanNotificationInfo(new String[] {TRIPPED, PROGRESSED}, Notification.class.getName(),
          "a patch tripped by its autoRollback rule, or a rollout stepped up by its progress"));
    }

    @Override
    public String getVersion() {
      return source.version();
    }

    @Override
    public String getManifestPath() {
      return source.manifest().map(m -> m[0]).orElse(null);
    }

    @Override
    public String getManifestSha256() {
      return source.manifest().map(m -> m[1]).orElse(null);
    }

    @Override
    public String[] getPatchIds() {
      return source.status().stream().map(PatchStatus::id).toArray(String[]::new);
    }

    @Override
    public String rollbackAll() {
      return source.rollback(List.of("*"));
    }
  }

  private final class PatchBean implements PatchMXBean {
    private final String id;

    PatchBean(String id) {
      this.id = id;
    }

    private <T> T read(Function<PatchStatus, T> field, T absent) {
      return source.status().stream().filter(s -> s.id().equals(id)).findFirst().map(field).orElse(absent);
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    public String getState() {
      return read(PatchStatus::state, "removed");
    }

    @Override
    public String getTarget() {
      return read(PatchStatus::target, null);
    }

    @Override
    public Long getCallsFixed() {
      return read(PatchStatus::callsFixed, null);
    }

    @Override
    public Long getCallsOriginal() {
      return read(PatchStatus::callsOriginal, null);
    }

    @Override
    public Long getErrorsFixed() {
      return read(PatchStatus::errorsFixed, null);
    }

    @Override
    public Long getErrorsGuard() {
      return read(PatchStatus::errorsGuard, null);
    }

    @Override
    public Long getErrorsOriginal() {
      return read(PatchStatus::errorsOriginal, null);
    }

    private Long latency(Function<PatchStatus.LatencyStatus, PatchStatus.PathLatency> path,
        Function<PatchStatus.PathLatency, Long> figure) {
      return read(s -> s.latency() == null ? null : figure.apply(path.apply(s.latency())), null);
    }

    @Override
    public Long getLatencyFixedP50() {
      return latency(PatchStatus.LatencyStatus::fixed, PatchStatus.PathLatency::p50);
    }

    @Override
    public Long getLatencyFixedP99() {
      return latency(PatchStatus.LatencyStatus::fixed, PatchStatus.PathLatency::p99);
    }

    @Override
    public Long getLatencyFixedMax() {
      return latency(PatchStatus.LatencyStatus::fixed, PatchStatus.PathLatency::max);
    }

    @Override
    public Long getLatencyFixedSamples() {
      return latency(PatchStatus.LatencyStatus::fixed, PatchStatus.PathLatency::samples);
    }

    @Override
    public Long getLatencyOriginalP50() {
      return latency(PatchStatus.LatencyStatus::original, PatchStatus.PathLatency::p50);
    }

    @Override
    public Long getLatencyOriginalP99() {
      return latency(PatchStatus.LatencyStatus::original, PatchStatus.PathLatency::p99);
    }

    @Override
    public Long getLatencyOriginalMax() {
      return latency(PatchStatus.LatencyStatus::original, PatchStatus.PathLatency::max);
    }

    @Override
    public Long getLatencyOriginalSamples() {
      return latency(PatchStatus.LatencyStatus::original, PatchStatus.PathLatency::samples);
    }

    @Override
    public String getFailure() {
      return read(PatchStatus::failure, null);
    }

    @Override
    public String rollback() {
      return source.rollback(List.of(id));
    }
  }
}

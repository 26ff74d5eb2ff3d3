package dev.scalpel.jmx;

/**
 * {@code dev.scalpel:type=Agent}: the agent as JConsole, VisualVM and JMC see it. It shows state and
 * offers rollback; it never applies code, because a JMX client is not necessarily the JVM's OS user.
 */
public interface AgentMXBean {

  /** The agent's version. */
  String getVersion();

  /** The running manifest's path, or null before the first apply. */
  String getManifestPath();

  /** The running manifest's canonical SHA-256, or null before the first apply. */
  String getManifestSha256();

  /** The ids of the running manifest's patches, in manifest order. */
  String[] getPatchIds();

  /** Rolls back every patch (audited as any rollback); returns what happened. */
  String rollbackAll();
}

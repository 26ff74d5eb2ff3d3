package dev.scalpel.agent;

/** The agent's version, from its jar's manifest. */
public final class AgentVersion {

  /** The system property that tells the command line Scalpel runs in a JVM: the agent's version. */
  public static final String PROPERTY = "dev.scalpel.agent";

  private AgentVersion() {}

  /** The version, or {@code dev} when not running from the agent jar. */
  public static String get() {
    String v = AgentVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}

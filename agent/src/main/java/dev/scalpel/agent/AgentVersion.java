package dev.scalpel.agent;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/** The agent's version, from its jar's manifest, and where that jar is. */
public final class AgentVersion {

  /** The system property that tells the command line Scalpel runs in a JVM: the agent's version. */
  public static final String PROPERTY = "dev.scalpel.agent";

  private AgentVersion() {}

  /** The version, or {@code dev} when not running from the agent jar. */
  public static String get() {
    String v = AgentVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /**
   * Where the agent's classes come from: the agent jar, or a folder of classes when not running
   * from the jar (tests); null if that is not a local file.
   */
  public static Path location() {
    try {
      CodeSource source = AgentVersion.class.getProtectionDomain().getCodeSource();
      return source == null || !"file".equals(source.getLocation().getProtocol()) ? null
          : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}

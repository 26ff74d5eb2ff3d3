package dev.scalpel.cli;

import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

/**
 * Makes the command line's first Unix-domain channel cheap. In a fresh JVM the first
 * {@code SocketChannel.open(UNIX)} costs about 45 ms, a quarter of a {@code status} command, in two
 * parts, both class set-up the JDK runs once per process:
 *
 * <ul>
 *   <li>finding the selector provider: without the {@value #PROPERTY} property, a service lookup
 *       that opens the agent jar's 3,900 entries and the runtime image to find no provider there,
 *       then takes the platform's own. {@link #prepare} names the platform's own provider in the
 *       property ({@code SelectorProvider.provider()} documents it) where it is there to load, so
 *       the lookup does not run: same provider class, no search.
 *   <li>the JDK's Unix-domain socket support, whose set-up asks the security providers for a
 *       random number generator (the names of sockets bound without a path). {@link #prepare} runs
 *       that on a thread of its own by opening and closing one channel, while the command's thread
 *       reads the target's files and loads its own classes; the command's own open then finds it
 *       done (or waits for it on the class's initialization lock, never runs it twice).
 * </ul>
 *
 * Only the command line's own process does this: the agent sets no property in the application's
 * JVM. A property the user set stays as it is.
 */
final class UnixChannels implements Runnable {

  /** The system property that names the selector provider class. */
  static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";
  /** The JDK's selector provider on Linux, from JDK 9 to 25 at least. */
  static final String LINUX_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

  private UnixChannels() {}

  /** Names the platform's provider where it can, and starts the channel set-up on a daemon thread. */
  static void prepare() {
    String provider = provider(System.getProperty(PROPERTY), System.getProperty("os.name", ""));
    if (provider != null && loadable(provider)) {
      System.setProperty(PROPERTY, provider);
    }
    Thread thread = new Thread(new UnixChannels(), "scalpel-channel-set-up");
    // A daemon: the command exits when it is done, whether or not this has finished.
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The provider class to name in {@value #PROPERTY}, or null to leave it: a value already set
   * stays, and only on Linux is the JDK's provider class known.
   */
  static String provider(String current, String osName) {
    return current == null && osName.equals("Linux") ? LINUX_PROVIDER : null;
  }

  // Whether the boot class loader has the class; not initialized here. A JDK without it keeps the
  // service lookup: a property naming a missing class would fail every channel.
  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void run() {
    try {
      // Opened only to run the JDK's one-time set-up; never connected.
      SocketChannel.open(StandardProtocolFamily.UNIX).close();
    } catch (Throwable t) {
      // Don't rethrow: the command's own open meets the same failure and says what it is.
    }
  }
}

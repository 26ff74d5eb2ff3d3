package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line's Unix-domain channel set-up: which selector provider it names, and when. */
final class UnixChannelsTest {

  @ParameterizedTest(name = "property {0}, os {1} -> {2}")
  @CsvSource(nullValues = "null", value = {
      "null, Linux, sun.nio.ch.EPollSelectorProvider",
      "null, Mac OS X, null",
      "null, Windows 11, null",
      "null, '', null",
      "com.example.MyProvider, Linux, null",
      "sun.nio.ch.EPollSelectorProvider, Linux, null",
  })
  void provider_namesTheJdkProviderOnlyOnLinuxWhereUnset(String current, String os, String expected) {
    assertThat(UnixChannels.provider(current, os)).isEqualTo(expected);
  }

  /** Which commands the command line's main prepares the channels for: those that ask running agents. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(value = {
      "status 42, true",
      "status 42 --json, true",
      "rollback 42 --all, true",
      "jvms, true",
      "attach 42 m.yaml, false",
      "validate m.yaml, false",
      "--version, false",
      "'', false",
  })
  void talksToAgents_statusRollbackJvms(String args, boolean expected) {
    assertThat(ScalpelCli.talksToAgents(args.isEmpty() ? new String[0] : args.split(" "))).isEqualTo(expected);
  }

  /**
   * Guards against a JDK that renames its Linux provider: the name the command line would set must be
   * a class of the boot loader, the platform's own provider, or the lookup it skips would be needed.
   */
  @Test
  void linuxProvider_isThisJdksOwnProvider() throws ClassNotFoundException {
    assumeTrue(System.getProperty("os.name").equals("Linux"), "the JDK's Linux provider");
    Class<?> named = Class.forName(UnixChannels.LINUX_PROVIDER, false, null);
    assertThat(SelectorProvider.class).isAssignableFrom(named);
    assertThat(SelectorProvider.provider().getClass()).isEqualTo(named);
  }

  @Test
  void prepare_thenAUnixChannelOpens() throws Exception {
    String before = System.getProperty(UnixChannels.PROPERTY);
    try {
      UnixChannels.prepare();
      if (System.getProperty("os.name").equals("Linux") && before == null) {
        assertThat(System.getProperty(UnixChannels.PROPERTY)).isEqualTo(UnixChannels.LINUX_PROVIDER);
      }
      try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        assertThat(channel.isOpen()).isTrue();
      }
    } finally {
      restore(before);
    }
  }

  private static void restore(String value) {
    if (value == null) {
      System.clearProperty(UnixChannels.PROPERTY);
    } else {
      System.setProperty(UnixChannels.PROPERTY, value);
    }
  }
}

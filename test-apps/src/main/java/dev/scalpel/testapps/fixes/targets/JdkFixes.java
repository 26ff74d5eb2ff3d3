package dev.scalpel.testapps.fixes.targets;

import java.util.Base64;
import java.util.HexFormat;

/**
 * The fix for a JDK method. Its class loader has the bootstrap loader as parent, so this class
 * names JDK types only; and it must not call the method it replaces on any encoder.
 */
public final class JdkFixes {

  private JdkFixes() {}

  /** Replaces {@link Base64.Encoder#encodeToString(byte[])}: hex instead of Base64. */
  public static String encodeToString(Base64.Encoder self, byte[] src) {
    return HexFormat.of().formatHex(src);
  }
}

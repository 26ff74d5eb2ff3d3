package dev.scalpel.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** PEM text (RFC 7468): the blocks of one label in a file, and writing one block. */
final class Pem {

  /** The most bytes a key file may take: far more than a few dozen keys need. */
  static final int MAX_BYTES = 64 * 1024;

  private Pem() {}

  /**
   * The DER bytes of every block labelled {@code label} in {@code file}, in file order; text
   * outside the blocks is ignored, as openssl ignores it.
   *
   * @throws IOException              if the file cannot be read
   * @throws IllegalArgumentException if it is larger than {@value #MAX_BYTES} bytes, or a block is
   *                                  not closed or not base64, naming the file and the block
   */
  static List<byte[]> read(Path file, String label) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes; a key file holds a few PEM keys");
    }
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    String text = new String(bytes, StandardCharsets.US_ASCII);
    List<byte[]> blocks = new ArrayList<>();
    for (int at = text.indexOf(begin); at >= 0; at = text.indexOf(begin, at)) {
      int stop = text.indexOf(end, at);
      if (stop < 0) {
        throw new IllegalArgumentException(file + ": PEM block " + (blocks.size() + 1) + " has no '" + end + "' line");
      }
      String body = text.substring(at + begin.length(), stop).replaceAll("\\s", "");
      try {
        blocks.add(Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": PEM block " + (blocks.size() + 1) + " is not base64 (" + e.getMessage() + ")", e);
      }
      at = stop + end.length();
    }
    return blocks;
  }

  /** One PEM block of {@code der}, 64 characters a line, ending with a line end. */
  static String write(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }
}

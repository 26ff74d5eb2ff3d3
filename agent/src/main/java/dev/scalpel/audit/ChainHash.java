package dev.scalpel.audit;

import dev.scalpel.trust.FileOwnership;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an audit record's {@code hash} is computed from the previous record's hash and the record's
 * canonical JSON without {@code hash}: plain SHA-256 ({@link #SHA256}, the contract's chain), or
 * HMAC-SHA256 with a secret key ({@link #hmac(byte[])}, the {@code auditKey=} option), so that
 * rewriting a log and recomputing its chain needs the key. Either way the input is the previous hash
 * followed by the canonical JSON, both UTF-8, and the result is 64 lower-case hex digits.
 */
public final class ChainHash {

  /** The most bytes a key file may hold; a key of 32 random bytes is as strong as HMAC-SHA256 gets. */
  public static final int MAX_KEY_BYTES = 4096;

  /** The contract's chain: hex SHA-256 of {@code prevHash} followed by the canonical JSON. */
  public static final ChainHash SHA256 = new ChainHash(null);

  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;

  private ChainHash(SecretKeySpec key) {
    this.key = key;
  }

  /**
   * The keyed chain: hex HMAC-SHA256 with {@code key} of {@code prevHash} followed by the canonical JSON.
   *
   * @throws IllegalArgumentException if the key is empty
   */
  public static ChainHash hmac(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("an audit key cannot be empty");
    }
    return new ChainHash(new SecretKeySpec(key, HMAC));
  }

  /**
   * The keyed chain with the key held in {@code file}: its exact bytes, a trailing line end
   * included. The file must exist, be a regular file, and hold 1 to {@link #MAX_KEY_BYTES} bytes.
   *
   * @throws IOException naming the file, what is wrong with it and what to do
   */
  public static ChainHash readKey(Path file) throws IOException {
    String make = "; write a secret to it, for example 32 random bytes (head -c 32 /dev/urandom > " + file + ")";
    if (!Files.exists(file)) {
      throw new IOException("the audit key " + file + " does not exist" + make);
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("the audit key " + file + " is not a regular file; give the file that holds the key");
    }
    byte[] key;
    try (InputStream in = Files.newInputStream(file)) {
      key = in.readNBytes(MAX_KEY_BYTES + 1);
    } catch (IOException e) {
      throw new IOException("the audit key " + file + " cannot be read (" + e + "); make it readable by this user", e);
    }
    if (key.length == 0) {
      throw new IOException("the audit key " + file + " is empty" + make);
    }
    if (key.length > MAX_KEY_BYTES) {
      throw new IOException("the audit key " + file + " holds more than " + MAX_KEY_BYTES
          + " bytes; a key of 32 random bytes is enough (head -c 32 /dev/urandom > " + file + ")");
    }
    return hmac(key);
  }

  /**
   * The keyed chain with the key held in {@code file}, as {@link #readKey(Path)} reads it, and only
   * if {@code ownership} finds that no other user could have written the file or a folder above it:
   * whoever can write the key can rewrite the log with a chain that verifies.
   *
   * @throws IOException naming the file, what is wrong with it and what to do (chown, chmod go-w)
   */
  public static ChainHash readKey(Path file, FileOwnership ownership) throws IOException {
    Optional<String> unsafe = ownership.problem(file);
    if (unsafe.isPresent()) {
      throw new IOException("the audit key " + file + " is not used: " + unsafe.get());
    }
    return readKey(file);
  }

  /** Whether this chain needs a key (HMAC-SHA256) rather than being plain SHA-256. */
  public boolean keyed() {
    return key != null;
  }

  /** The hash of a record: of {@code prevHash} followed by its canonical JSON without {@code hash}. */
  String of(String prevHash, String canonicalWithoutHash) {
    byte[] prev = prevHash.getBytes(StandardCharsets.UTF_8);
    byte[] record = canonicalWithoutHash.getBytes(StandardCharsets.UTF_8);
    try {
      if (key == null) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(prev);
        sha.update(record);
        return HexFormat.of().formatHex(sha.digest());
      }
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      mac.update(prev);
      mac.update(record);
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 and HmacSHA256 are required of every JVM", e);
    }
  }
}

package dev.scalpel.trust;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The public keys a manifest's signature must verify with: one or more PEM {@code PUBLIC KEY}
 * blocks (X.509 SubjectPublicKeyInfo), each EC P-256 or Ed25519, as {@code openssl pkey -pubout},
 * cosign and {@code scalpel keygen} write them. Several keys let an operator rotate: a signature by
 * any one of them is enough. Verification uses only the JDK's own providers.
 */
public final class TrustedKeys {

  /** The most bytes a signature file may take; a signature is under 100 bytes, its base64 under 200. */
  public static final int MAX_SIGNATURE_BYTES = 4096;

  private static final BigInteger P256_ORDER = p256().getOrder();

  private final Path file;
  private final List<PublicKey> keys;

  private TrustedKeys(Path file, List<PublicKey> keys) {
    this.file = file;
    this.keys = List.copyOf(keys);
  }

  /**
   * Reads the keys in {@code file}.
   *
   * @throws IOException              if it cannot be read
   * @throws IllegalArgumentException if it holds no public key, or one that is neither EC P-256 nor
   *                                  Ed25519, naming the file, the key's place and what to write
   */
  public static TrustedKeys read(Path file) throws IOException {
    List<byte[]> blocks = Pem.read(file, "PUBLIC KEY");
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no PEM public key (-----BEGIN PUBLIC KEY-----); write the"
          + " keys that scalpel keygen or openssl pkey -pubout write");
    }
    List<PublicKey> keys = new ArrayList<>();
    for (byte[] der : blocks) {
      keys.add(publicKey(der, file + ": key " + (keys.size() + 1)));
    }
    return new TrustedKeys(file, keys);
  }

  private static PublicKey publicKey(byte[] der, String where) {
    for (String algorithm : new String[] {"EC", "Ed25519"}) {
      PublicKey key;
      try {
        key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        continue;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK offers no " + algorithm + " key factory", e);
      }
      if (key instanceof ECPublicKey ec && !isP256(ec.getParams())) {
        throw new IllegalArgumentException(where + " is an EC key on another curve than P-256 (secp256r1,"
            + " prime256v1); Scalpel trusts EC P-256 and Ed25519 keys");
      }
      return key;
    }
    throw new IllegalArgumentException(where + " is neither an EC P-256 nor an Ed25519 public key; Scalpel trusts"
        + " only those (generate one with scalpel keygen)");
  }

  /** Whether {@code parameters} are those of the curve P-256 (secp256r1, prime256v1). */
  static boolean isP256(ECParameterSpec parameters) {
    return parameters.getOrder().equals(P256_ORDER) && parameters.getCurve().getField().getFieldSize() == 256;
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no EC P-256 (secp256r1)", e);
    }
  }

  /** The file the keys came from. */
  public Path file() {
    return file;
  }

  /** How many keys there are. */
  public int size() {
    return keys.size();
  }

  /**
   * Checks that {@code signature}, the content of {@code signatureFile}, is the base64 of a
   * signature of exactly {@code data} by one of the keys: ECDSA P-256 with SHA-256 in ASN.1 DER,
   * or Ed25519. Whitespace in the base64 (a line end, line wrapping) is ignored.
   *
   * @param signature the signature file's bytes, or empty if there is no such file
   * @throws Untrusted naming the signature file and what is wrong with it
   */
  public void verify(Path signatureFile, Optional<byte[]> signature, byte[] data) throws Untrusted {
    String where = "signature " + signatureFile + ": ";
    if (signature.isEmpty()) {
      throw new Untrusted(where + "no such file; sign the manifest with scalpel sign or openssl (see the README's"
          + " Trust section)");
    }
    if (signature.get().length > MAX_SIGNATURE_BYTES) {
      throw new Untrusted(where + "larger than " + MAX_SIGNATURE_BYTES + " bytes, so not a signature");
    }
    String text = new String(signature.get(), java.nio.charset.StandardCharsets.US_ASCII).replaceAll("\\s", "");
    if (text.isEmpty()) {
      throw new Untrusted(where + "empty; write the base64 of the manifest's signature in it");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new Untrusted(where + "not base64 (" + e.getMessage() + "); write the base64 of the manifest's signature");
    }
    boolean wellFormed = false;
    for (PublicKey key : keys) {
      try {
        Signature verifier = Signature.getInstance(key instanceof ECPublicKey ? "SHA256withECDSA" : "Ed25519");
        verifier.initVerify(key);
        verifier.update(data);
        if (verifier.verify(raw)) {
          return;
        }
        wellFormed = true;
      } catch (SignatureException e) {
        // Not an encoding this key's algorithm reads; another key may read it.
      } catch (InvalidKeyException e) {
        throw new IllegalStateException("the JDK refuses the trusted key " + key.getAlgorithm() + " from " + file, e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK offers no " + key.getAlgorithm() + " signature", e);
      }
    }
    if (!wellFormed) {
      throw new Untrusted(where + "malformed for the trusted keys (" + raw.length + " bytes; an EC P-256 key's signature"
          + " is ASN.1 DER, an Ed25519 key's is 64 bytes); sign the manifest again with a trusted key");
    }
    throw new Untrusted(where + "does not verify the manifest's bytes with " + (keys.size() == 1 ? "the key"
        : "any of the " + keys.size() + " keys") + " in " + file + "; sign this very file with a trusted key");
  }

  /** A signature is missing, malformed, or by no trusted key; the message says which, naming the file. */
  public static final class Untrusted extends Exception {
    private static final long serialVersionUID = 1L;

    Untrusted(String message) {
      super(message);
    }
  }
}

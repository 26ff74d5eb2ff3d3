package dev.scalpel.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Making keys and signatures that {@link TrustedKeys} accepts, with the JDK's own providers: an EC
 * P-256 key pair in PEM (PKCS#8 private key, X.509 public key, as openssl writes them), and the
 * base64 of a manifest's signature, ECDSA P-256/SHA-256 in ASN.1 DER or Ed25519, as
 * {@code openssl dgst -sha256 -sign} and {@code cosign sign-blob} make it.
 */
public final class Signer {

  /** The private key file {@link #keygen} writes. */
  public static final String PRIVATE_KEY = "scalpel.key";
  /** The public key file {@link #keygen} writes. */
  public static final String PUBLIC_KEY = "scalpel.pub";

  private final PrivateKey key;

  private Signer(PrivateKey key) {
    this.key = key;
  }

  /**
   * Writes a new EC P-256 key pair into {@code dir} (made if missing): {@value #PRIVATE_KEY},
   * created with mode 0600, and {@value #PUBLIC_KEY}. It overwrites nothing.
   *
   * @throws FileAlreadyExistsException if either file exists; then neither is written
   * @throws IOException                if a file cannot be written
   */
  public static void keygen(Path dir) throws IOException {
    Path privateFile = dir.resolve(PRIVATE_KEY);
    Path publicFile = dir.resolve(PUBLIC_KEY);
    for (Path file : List.of(privateFile, publicFile)) {
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString(), null, "exists; Scalpel does not overwrite a key");
      }
    }
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate an EC P-256 key", e);
    }
    Files.createDirectories(dir);
    Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(privateFile, Pem.write("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    Files.writeString(publicFile, Pem.write("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
  }

  /**
   * Reads an unencrypted PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}), EC P-256 or
   * Ed25519, as {@code scalpel keygen} and {@code openssl genpkey} write it.
   *
   * @throws IOException              if the file cannot be read
   * @throws IllegalArgumentException if it holds no such key, naming the file and how to convert it
   */
  public static Signer read(Path file) throws IOException {
    List<byte[]> blocks = Pem.read(file, "PRIVATE KEY");
    if (blocks.size() != 1) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
      String hint = text.contains("-----BEGIN EC PRIVATE KEY-----")
          ? "; it is an SEC1 EC key: convert it with openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8"
          : text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
          ? "; it is encrypted: write an unencrypted copy with openssl pkcs8 -in KEY -out KEY.pk8 -nocrypt"
          : "";
      throw new IllegalArgumentException(file + " holds " + blocks.size() + " PEM private keys"
          + " (-----BEGIN PRIVATE KEY-----), not one" + hint);
    }
    for (String algorithm : new String[] {"EC", "Ed25519"}) {
      PrivateKey key;
      try {
        key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
      } catch (InvalidKeySpecException e) {
        continue;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK offers no " + algorithm + " key factory", e);
      }
      if (key instanceof ECPrivateKey ec && !TrustedKeys.isP256(ec.getParams())) {
        throw new IllegalArgumentException(file + " is an EC key on another curve than P-256; sign with an EC P-256"
            + " or Ed25519 key (scalpel keygen makes one)");
      }
      return new Signer(key);
    }
    throw new IllegalArgumentException(file + " is neither an EC P-256 nor an Ed25519 private key; sign with one of"
        + " those (scalpel keygen makes one)");
  }

  /** The key's kind as a person reads it: {@code ECDSA P-256} or {@code Ed25519}. */
  public String kind() {
    return key instanceof ECPrivateKey ? "ECDSA P-256" : "Ed25519";
  }

  /** The base64 of the signature of exactly {@code data}: ECDSA P-256/SHA-256 in ASN.1 DER, or Ed25519. */
  public byte[] sign(byte[] data) {
    try {
      Signature signature = Signature.getInstance(key instanceof ECPrivateKey ? "SHA256withECDSA" : "Ed25519");
      signature.initSign(key);
      signature.update(data);
      return Base64.getEncoder().encode(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot sign with a " + kind() + " key", e);
    }
  }
}

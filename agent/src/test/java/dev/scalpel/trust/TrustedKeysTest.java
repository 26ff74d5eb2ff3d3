package dev.scalpel.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures made by the real openssl command line, checked against trusted keys. */
final class TrustedKeysTest {

  @TempDir
  Path dir;
  private Openssl openssl;
  private Path manifest;
  private Path sig;
  private byte[] bytes;

  @BeforeEach
  void manifest() throws Exception {
    openssl = new Openssl(dir);
    bytes = "scalpel: 1\npatches: []\n".getBytes(StandardCharsets.UTF_8);
    manifest = Files.write(dir.resolve("hotfix.yaml"), bytes);
    sig = dir.resolve("hotfix.yaml.sig");
  }

  @Test
  void verify_ecdsaP256SignatureByOpenssl_passes() throws Exception {
    TrustedKeys keys = TrustedKeys.read(openssl.keyPair("ops", "EC"));
    byte[] signature = openssl.sign("ops", manifest, false);
    assertThatCode(() -> keys.verify(sig, Optional.of(signature), bytes)).doesNotThrowAnyException();
  }

  @Test
  void verify_ed25519SignatureByOpenssl_passes() throws Exception {
    TrustedKeys keys = TrustedKeys.read(openssl.keyPair("ops", "ED25519"));
    byte[] signature = openssl.sign("ops", manifest, true);
    assertThatCode(() -> keys.verify(sig, Optional.of(signature), bytes)).doesNotThrowAnyException();
  }

  @Test
  void verify_signatureWrappedAndEndingWithALineEnd_passes() throws Exception {
    TrustedKeys keys = TrustedKeys.read(openssl.keyPair("ops", "EC"));
    String signature = new String(openssl.sign("ops", manifest, false), StandardCharsets.US_ASCII);
    byte[] wrapped = (signature.substring(0, 20) + "\n" + signature.substring(20) + "\n").getBytes(StandardCharsets.US_ASCII);
    assertThatCode(() -> keys.verify(sig, Optional.of(wrapped), bytes)).doesNotThrowAnyException();
  }

  /** Key rotation: a file of an old and a new key (different kinds) accepts a signature by either. */
  @Test
  void verify_anyOfSeveralKeys_passes() throws Exception {
    Path old = openssl.keyPair("old", "ED25519");
    Path current = openssl.keyPair("new", "EC");
    Path both = Files.writeString(dir.resolve("trusted.pub"), "# old key, retire after May\n" + Files.readString(old)
        + Files.readString(current));
    TrustedKeys keys = TrustedKeys.read(both);
    assertThat(keys.size()).isEqualTo(2);
    byte[] byNew = openssl.sign("new", manifest, false);
    byte[] byOld = openssl.sign("old", manifest, true);
    assertThatCode(() -> keys.verify(sig, Optional.of(byNew), bytes)).doesNotThrowAnyException();
    assertThatCode(() -> keys.verify(sig, Optional.of(byOld), bytes)).doesNotThrowAnyException();
  }

  @Test
  void verify_badSignatures_refusedWithTheReason() throws Exception {
    Path pub = openssl.keyPair("ops", "EC");
    openssl.keyPair("intruder", "EC");
    TrustedKeys keys = TrustedKeys.read(pub);
    Path other = Files.writeString(dir.resolve("other.yaml"), "scalpel: 1\npatches: []\n# other\n");
    byte[] good = Base64.getDecoder().decode(openssl.sign("ops", manifest, false));
    byte[] changed = bytes.clone();
    changed[3] ^= 1;
    String where = "signature " + sig + ": ";
    String noMatch = where + "does not verify the manifest's bytes with the key in " + pub
        + "; sign this very file with a trusted key";

    record Case(Optional<byte[]> signature, byte[] data, String message) {}
    Map<String, Case> cases = new LinkedHashMap<>();
    cases.put("no .sig", new Case(Optional.empty(), bytes, where
        + "no such file; sign the manifest with scalpel sign or openssl (see the README's Trust section)"));
    cases.put("empty .sig", new Case(Optional.of(new byte[0]), bytes, where
        + "empty; write the base64 of the manifest's signature in it"));
    cases.put("bad base64", new Case(Optional.of("MEUCIQ*x".getBytes(StandardCharsets.US_ASCII)), bytes, where
        + "not base64 (Illegal base64 character 2a); write the base64 of the manifest's signature"));
    cases.put("wrong key", new Case(Optional.of(openssl.sign("intruder", manifest, false)), bytes, noMatch));
    cases.put("one byte changed", new Case(Optional.of(Base64.getEncoder().encode(good)), changed, noMatch));
    cases.put("signature of another file", new Case(Optional.of(openssl.sign("ops", other, false)), bytes, noMatch));
    cases.put("truncated DER", new Case(Optional.of(Base64.getEncoder().encode(Arrays.copyOf(good, good.length - 5))),
        bytes, where + "malformed for the trusted keys (" + (good.length - 5) + " bytes; an EC P-256 key's signature is"
            + " ASN.1 DER, an Ed25519 key's is 64 bytes); sign the manifest again with a trusted key"));
    cases.put("too large", new Case(Optional.of(new byte[TrustedKeys.MAX_SIGNATURE_BYTES + 1]), bytes, where
        + "larger than 4096 bytes, so not a signature"));
    cases.forEach((name, c) -> assertThatThrownBy(() -> keys.verify(sig, c.signature(), c.data()))
        .as(name).isInstanceOf(TrustedKeys.Untrusted.class).hasMessage(c.message()));
  }

  @Test
  void read_badKeyFiles_refusedWithTheReason() throws Exception {
    openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.key");
    openssl.run("pkey", "-in", "rsa.key", "-pubout", "-out", "rsa.pub");
    openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.key");
    openssl.run("pkey", "-in", "p384.key", "-pubout", "-out", "p384.pub");
    Path empty = Files.writeString(dir.resolve("empty.pub"), "# no keys yet\n");
    Path open = Files.writeString(dir.resolve("open.pub"), "-----BEGIN PUBLIC KEY-----\nMFkw\n");
    Path garbled = Files.writeString(dir.resolve("garbled.pub"), "-----BEGIN PUBLIC KEY-----\nMF*w\n-----END PUBLIC KEY-----\n");
    Map<Path, String> cases = new LinkedHashMap<>();
    cases.put(empty, empty + " holds no PEM public key (-----BEGIN PUBLIC KEY-----); write the keys that scalpel keygen"
        + " or openssl pkey -pubout write");
    cases.put(open, open + ": PEM block 1 has no '-----END PUBLIC KEY-----' line");
    cases.put(garbled, garbled + ": PEM block 1 is not base64 (Illegal base64 character 2a)");
    cases.put(dir.resolve("rsa.pub"), dir.resolve("rsa.pub") + ": key 1 is neither an EC P-256 nor an Ed25519 public key;"
        + " Scalpel trusts only those (generate one with scalpel keygen)");
    cases.put(dir.resolve("p384.pub"), dir.resolve("p384.pub") + ": key 1 is an EC key on another curve than P-256"
        + " (secp256r1, prime256v1); Scalpel trusts EC P-256 and Ed25519 keys");
    cases.forEach((file, message) -> assertThatThrownBy(() -> TrustedKeys.read(file)).as(file.toString())
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message));
  }
}

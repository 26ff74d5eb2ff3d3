package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scalpel.engine.Sha256;
import dev.scalpel.trust.Openssl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keygen}, {@code sign} and {@code validate --trust} as a user meets them, and their interplay with openssl. */
final class TrustCommandsTest {

  private static final String NL = System.lineSeparator();

  @TempDir
  Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Openssl openssl;
  private Path manifest;

  @BeforeEach
  void manifest() throws Exception {
    openssl = new Openssl(dir);
    manifest = Files.writeString(dir.resolve("hotfix.yaml"), "scalpel: 1\npatches:\n  - id: P-1\n"
        + "    target: a.B#c\n    returns: 0\n");
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return ScalpelCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void keygen_writesAPrivateKeyOnlyItsOwnerReadsAndAPublicKey() throws Exception {
    Path keys = dir.resolve("keys");
    assertThat(run("keygen", keys.toString())).isZero();
    assertThat(out.toString()).isEqualTo("wrote " + keys.resolve("scalpel.key") + " (private: keep it off the JVM's"
        + " host) and " + keys.resolve("scalpel.pub") + " (give it to the agent as trust=)" + NL);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("scalpel.key")))).isEqualTo("rw-------");
    assertThat(Files.readString(keys.resolve("scalpel.key"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(new String(openssl.run("pkey", "-pubin", "-in", keys.resolve("scalpel.pub").toString(), "-noout", "-text"),
        StandardCharsets.US_ASCII)).contains("NIST CURVE: P-256");
  }

  @Test
  void keygen_keyExists_refusedAndNothingOverwritten() throws Exception {
    Files.writeString(dir.resolve("scalpel.pub"), "mine\n");
    assertThat(run("keygen", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(dir.resolve("scalpel.pub") + " exists; Scalpel does not overwrite a key" + NL);
    assertThat(Files.readString(dir.resolve("scalpel.pub"))).isEqualTo("mine\n");
    assertThat(dir.resolve("scalpel.key")).doesNotExist();
  }

  /** Scalpel's signature verifies with openssl, and validate --trust accepts it. */
  @Test
  void sign_withKeygenKey_opensslVerifies() throws Exception {
    assertThat(run("keygen", dir.toString())).isZero();
    assertThat(run("sign", manifest.toString(), "--key", dir.resolve("scalpel.key").toString())).isZero();
    Path sig = dir.resolve("hotfix.yaml.sig");
    assertThat(out.toString()).isEqualTo("wrote " + sig + ": ECDSA P-256 signature of " + manifest + " (sha256 "
        + Sha256.hex(Files.readAllBytes(manifest)) + ")" + NL);
    Files.write(dir.resolve("sig.der"), Base64.getDecoder().decode(Files.readAllBytes(sig)));
    assertThat(new String(openssl.run("dgst", "-sha256", "-verify", "scalpel.pub", "-signature", "sig.der",
        manifest.toString()), StandardCharsets.US_ASCII)).isEqualTo("Verified OK\n");
    assertThat(run("validate", manifest.toString(), "--trust", dir.resolve("scalpel.pub").toString())).isZero();
    assertThat(out.toString()).isEqualTo(manifest + ": valid, 1 patch, signed by a key in " + dir.resolve("scalpel.pub") + NL);
  }

  @Test
  void sign_withOpensslEd25519Key_opensslVerifies() throws Exception {
    Path pub = openssl.keyPair("ops", "ED25519");
    assertThat(run("sign", manifest.toString(), "--key", dir.resolve("ops.key").toString())).isZero();
    assertThat(out.toString()).startsWith("wrote " + dir.resolve("hotfix.yaml.sig") + ": Ed25519 signature of ");
    Files.write(dir.resolve("sig.raw"), Base64.getDecoder().decode(Files.readAllBytes(dir.resolve("hotfix.yaml.sig"))));
    assertThat(new String(openssl.run("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", pub.toString(), "-sigfile",
        "sig.raw", "-in", manifest.toString()), StandardCharsets.US_ASCII)).contains("Signature Verified Successfully");
    assertThat(run("validate", manifest.toString(), "--trust", pub.toString())).isZero();
  }

  /** openssl's signature, as the README tells an operator to make it, passes validate --trust. */
  @Test
  void validate_opensslSignature_passes() throws Exception {
    Path pub = openssl.keyPair("ops", "EC");
    Files.write(dir.resolve("hotfix.yaml.sig"), openssl.sign("ops", manifest, false));
    assertThat(run("validate", manifest.toString(), "--trust", pub.toString())).isZero();
    assertThat(out.toString()).isEqualTo(manifest + ": valid, 1 patch, signed by a key in " + pub + NL);
  }

  @Test
  void validate_trustButNoSignature_exits1() throws Exception {
    Path pub = openssl.keyPair("ops", "EC");
    assertThat(run("validate", manifest.toString(), "--trust", pub.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(manifest + ": signature " + dir.resolve("hotfix.yaml.sig") + ": no such file;"
        + " sign the manifest with scalpel sign or openssl (see the README's Trust section)" + NL);
  }

  @Test
  void validate_manifestChangedAfterSigning_exits1() throws Exception {
    Path pub = openssl.keyPair("ops", "EC");
    assertThat(run("sign", manifest.toString(), "--key", dir.resolve("ops.key").toString())).isZero();
    Files.writeString(manifest, Files.readString(manifest).replace("returns: 0", "returns: 1"));
    assertThat(run("validate", manifest.toString(), "--trust", pub.toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(manifest + ": signature " + dir.resolve("hotfix.yaml.sig") + ": does not verify"
        + " the manifest's bytes with the key in " + pub + "; sign this very file with a trusted key" + NL);
  }

  @Test
  void badKeys_refusedWithTheReason() throws Exception {
    openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.key");
    assertThat(run("sign", manifest.toString(), "--key", dir.resolve("sec1.key").toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(dir.resolve("sec1.key") + " holds 0 PEM private keys (-----BEGIN PRIVATE KEY-----),"
        + " not one; it is an SEC1 EC key: convert it with openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8" + NL);
    assertThat(run("sign", manifest.toString(), "--key", dir.resolve("none.key").toString())).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(dir.resolve("none.key") + ": no such file" + NL);
    assertThat(run("validate", manifest.toString(), "--trust", dir.resolve("sec1.key").toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("--trust " + dir.resolve("sec1.key") + ": " + dir.resolve("sec1.key")
        + " holds no PEM public key");
    assertThat(run("sign", manifest.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--key=KEY'");
  }
}

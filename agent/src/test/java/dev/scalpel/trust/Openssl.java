package dev.scalpel.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code openssl} command line, as an operator runs it to make keys and signatures. */
public final class Openssl {

  private final Path dir;

  public Openssl(Path dir) {
    this.dir = dir;
  }

  /** Runs {@code openssl ARGS} in the folder, failing the test on a non-zero exit; returns its standard output. */
  public byte[] run(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(dir, "openssl", ".out");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl %s finished within 60 s", command).isTrue();
    byte[] out = Files.readAllBytes(output);
    assertThat(p.exitValue()).as("openssl %s: %s", command, new String(out, StandardCharsets.UTF_8)).isZero();
    return out;
  }

  /** Generates a private key ({@code EC} P-256 or {@code ED25519}) in NAME.key and its public key in NAME.pub. */
  public Path keyPair(String name, String algorithm) throws IOException, InterruptedException {
    if (algorithm.equals("EC")) {
      run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
    } else {
      run("genpkey", "-algorithm", algorithm, "-out", name + ".key");
    }
    run("pkey", "-in", name + ".key", "-pubout", "-out", name + ".pub");
    return dir.resolve(name + ".pub");
  }

  /** The base64 signature of {@code file} by NAME.key as the README tells an operator to make it. */
  public byte[] sign(String name, Path file, boolean ed25519) throws IOException, InterruptedException {
    byte[] raw = ed25519
        ? run("pkeyutl", "-sign", "-rawin", "-inkey", name + ".key", "-in", file.toString())
        : run("dgst", "-sha256", "-sign", name + ".key", file.toString());
    return Base64.getEncoder().encode(raw);
  }
}

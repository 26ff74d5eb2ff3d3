package dev.scalpel.cli;

import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.engine.Sha256;
import dev.scalpel.trust.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scalpel sign MANIFEST --key KEY}: the detached signature an agent with {@code trust=} requires. */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = {"Sign a manifest's exact bytes: writes MANIFEST.sig, the base64 of an ECDSA P-256/SHA-256 signature",
        "in ASN.1 DER (or Ed25519, with an Ed25519 key), as openssl dgst -sha256 -sign and cosign sign-blob make it.",
        "Sign the manifest as it will be deployed: any later change, even a comment, voids the signature."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:signed", "1:the manifest or the key cannot be read, or the signature cannot be written", "2:usage error"})
final class SignCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MANIFEST", description = "the manifest file (YAML)")
  private Path manifest;

  @Option(names = "--key", required = true, paramLabel = "KEY",
      description = "an unencrypted PKCS#8 PEM private key, EC P-256 or Ed25519 (scalpel keygen, openssl genpkey)")
  private Path key;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Signer signer;
    byte[] bytes;
    try {
      signer = Signer.read(key);
      try (InputStream in = Files.newInputStream(manifest)) {
        bytes = in.readNBytes(ManifestParser.MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      spec.commandLine().getErr().println(e.getFile() + ": no such file");
      return ScalpelCli.REFUSED;
    } catch (IOException | IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ScalpelCli.REFUSED;
    }
    if (bytes.length > ManifestParser.MAX_BYTES) {
      spec.commandLine().getErr().println(manifest + " is larger than " + ManifestParser.MAX_BYTES
          + " bytes, more than the agent reads; nothing was signed");
      return ScalpelCli.REFUSED;
    }
    Path sig = manifest.resolveSibling(manifest.getFileName() + ".sig");
    try {
      // Written beside it and renamed into place, so that a watching agent never reads half a signature.
      Path next = Files.write(manifest.resolveSibling(manifest.getFileName() + ".sig.next"), signer.sign(bytes));
      Files.move(next, sig, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      spec.commandLine().getErr().println("cannot write " + sig + ": " + e);
      return ScalpelCli.REFUSED;
    }
    spec.commandLine().getOut().println("wrote " + sig + ": " + signer.kind() + " signature of " + manifest
        + " (sha256 " + Sha256.hex(bytes) + ")");
    return ScalpelCli.OK;
  }
}

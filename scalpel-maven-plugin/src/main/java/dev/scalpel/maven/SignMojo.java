package dev.scalpel.maven;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code scalpel:sign}: writes {@code MANIFEST.sig} next to the manifest, exactly as
 * {@code scalpel sign MANIFEST --key KEY} does. The private key comes from {@code <key>}, or else
 * from the environment variable named by {@code <keyVariable>}, which holds either the key file's
 * path or the PEM text itself (as CI secrets often do). Sign after the manifest is final: any
 * later change voids the signature.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class SignMojo extends ManifestGoal {

  /** An unencrypted PKCS#8 PEM private key, EC P-256 or Ed25519 ({@code scalpel keygen} makes one). */
  @Parameter(property = "scalpel.key")
  private File key;

  /** The environment variable read when {@code <key>} is not set: a key file's path, or the PEM text. */
  @Parameter(property = "scalpel.keyVariable", defaultValue = "SCALPEL_SIGNING_KEY", required = true)
  private String keyVariable;

  /** Creates the goal; Maven sets its parameters. */
  public SignMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    Path manifestPath = manifestPath();
    if (key != null) {
      sign(manifestPath, resolve(key.getPath()));
      return;
    }
    String value = System.getenv(keyVariable);
    if (value == null || value.isBlank()) {
      throw new MojoFailureException("no signing key: set <key> to a PEM private key file, or the environment"
          + " variable " + keyVariable + " to its path or its PEM text");
    }
    if (!value.strip().startsWith("-----BEGIN")) {
      sign(manifestPath, resolve(value.strip()));
      return;
    }
    Path file;
    try {
      Path dir = Files.createDirectories(Path.of(project().getBuild().getDirectory()));
      file = Files.createTempFile(dir, "scalpel-key", ".pem",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, value, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new MojoExecutionException("cannot hand the key in " + keyVariable + " to the signer: " + e, e);
    }
    try {
      sign(manifestPath, file);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        getLog().warn("could not delete the key copy " + file + ": " + e + "; delete it by hand");
      }
    }
  }

  private void sign(Path manifestPath, Path keyFile) throws MojoFailureException {
    Cli.run(getLog(), "cannot sign " + manifestPath, "sign", manifestPath.toString(), "--key", keyFile.toString());
  }
}

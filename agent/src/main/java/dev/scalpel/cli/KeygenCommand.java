package dev.scalpel.cli;

import dev.scalpel.trust.Signer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code scalpel keygen DIR}: a key pair for signing manifests. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Write a new EC P-256 key pair for signing manifests into DIR: scalpel.key (PKCS#8 PEM, mode 0600)",
        "and scalpel.pub (PEM), the file to give the agent as trust=. Overwrites nothing."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:a key file exists already or cannot be written; nothing was overwritten", "2:usage error"})
final class KeygenCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "the folder for the two files (made if missing)")
  private Path dir;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      Signer.keygen(dir);
    } catch (FileAlreadyExistsException e) {
      spec.commandLine().getErr().println(e.getFile() + " " + e.getReason());
      return ScalpelCli.REFUSED;
    } catch (IOException e) {
      spec.commandLine().getErr().println("cannot write the key pair into " + dir + ": " + e);
      return ScalpelCli.REFUSED;
    }
    spec.commandLine().getOut().println("wrote " + dir.resolve(Signer.PRIVATE_KEY) + " (private: keep it off the"
        + " JVM's host) and " + dir.resolve(Signer.PUBLIC_KEY) + " (give it to the agent as trust=)");
    return ScalpelCli.OK;
  }
}

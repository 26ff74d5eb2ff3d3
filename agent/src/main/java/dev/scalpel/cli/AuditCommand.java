package dev.scalpel.cli;

import dev.scalpel.audit.AuditVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code scalpel audit verify FILE}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with an audit log.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify");
  }

  /** {@code scalpel audit verify FILE}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check an audit log's hash chain; report the first broken record.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the chain is intact", "1:the chain is broken (the first broken line is named) or the file cannot be read",
          "2:usage error"})
  static final class Verify implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the audit log (JSON Lines)")
    private Path file;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        spec.commandLine().getErr().println(file + ": no such file");
        return ScalpelCli.REFUSED;
      }
      AuditVerifier.Verdict v;
      try {
        v = AuditVerifier.verify(file);
      } catch (IOException e) {
        spec.commandLine().getErr().println(file + ": cannot be read: " + e.getMessage());
        return ScalpelCli.REFUSED;
      }
      if (v.intact()) {
        spec.commandLine().getOut().println(file + ": " + v.records() + " records, chain intact");
        return ScalpelCli.OK;
      }
      spec.commandLine().getErr().println(file + ": chain broken at " + v.broken() + " (the " + v.records()
          + " records before it are intact)");
      return ScalpelCli.REFUSED;
    }
  }
}

package dev.scalpel.cli;

import dev.scalpel.audit.AuditVerifier;
import dev.scalpel.audit.ChainHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scalpel audit verify FILE [--from SEQ] [--key PATH]}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with an audit log.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: verify");
  }

  /** {@code scalpel audit verify FILE [--from SEQ] [--key PATH]}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check an audit log's hash chain; report the first broken record.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the chain is intact", "1:the chain is broken (the first broken line is named) or the file cannot be read",
          "2:usage error"})
  static final class Verify implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the audit log (JSON Lines)")
    private Path file;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "1",
        description = "the seq of the log's first record, for a log rotated or cut at its start: its prevHash is taken on trust")
    private long from;

    @Option(names = "--key", paramLabel = "PATH",
        description = "the key file the agent was given with auditKey=: the chain is then HMAC-SHA256 with that key")
    private Path key;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (from < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from
            + " is not a seq; records are numbered from 1");
      }
      if (!Files.isRegularFile(file)) {
        spec.commandLine().getErr().println(file + ": no such file");
        return ScalpelCli.REFUSED;
      }
      AuditVerifier.Verdict v;
      try {
        ChainHash chain = key == null ? ChainHash.SHA256 : ChainHash.readKey(key);
        v = AuditVerifier.verify(file, chain, from);
      } catch (IOException e) {
        spec.commandLine().getErr().println(file + ": cannot be verified: " + e.getMessage());
        return ScalpelCli.REFUSED;
      }
      String records = v.records() + " records" + (from > 1 ? " from seq " + from : "");
      String keyed = key == null ? "" : " (HMAC-SHA256 with the key in " + key + ")";
      String trust = from > 1 ? "; the prevHash of seq " + from + " was taken on trust, records before it are not checked"
          : "";
      if (v.intact()) {
        spec.commandLine().getOut().println(file + ": " + records + ", chain intact" + keyed + trust);
        return ScalpelCli.OK;
      }
      spec.commandLine().getErr().println(file + ": chain broken at " + v.broken() + " (the " + records
          + " before it are intact" + keyed + ")" + trust);
      return ScalpelCli.REFUSED;
    }
  }
}

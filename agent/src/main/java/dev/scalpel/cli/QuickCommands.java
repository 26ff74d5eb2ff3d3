package dev.scalpel.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The usual forms of the commands an operator waits on, run without the argument parser, whose
 * start-up (reading every command's annotations) costs more than the command's own work:
 * {@code status PID [--json]}, {@code rollback PID (ID... | --all)} and {@code jvms}, each with an
 * optional {@code --timeout SECONDS} or {@code --timeout=SECONDS}, options anywhere after the
 * command. Anything else (help, a version, an unknown option, an option given twice, a bad id or
 * timeout, a missing or extra argument, an {@code @file} of arguments) is {@link #NOT_QUICK}, for {@link ScalpelCommand} to parse,
 * so a usage error reads the same whichever way the command came. {@code ScalpelCliTest} runs both
 * ways.
 */
final class QuickCommands {

  /** What {@link #run} returns for arguments it leaves to the full parser. */
  static final int NOT_QUICK = -1;

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_ID = 64;

  private QuickCommands() {}

  /** Runs {@code args} if they are a quick form and returns the exit code, else {@link #NOT_QUICK}. */
  static int run(PrintWriter out, PrintWriter err, String[] args) {
    if (args.length == 0) {
      return NOT_QUICK;
    }
    String command = args[0];
    boolean status = command.equals("status");
    boolean rollback = command.equals("rollback");
    if (!status && !rollback && !command.equals("jvms")) {
      return NOT_QUICK;
    }
    List<String> positional = new ArrayList<>();
    boolean json = false;
    boolean all = false;
    int timeout = 0;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (status && a.equals("--json") && !json) {
        json = true;
      } else if (rollback && a.equals("--all") && !all) {
        all = true;
      } else if (a.equals("--timeout") && timeout == 0 && i + 1 < args.length) {
        timeout = seconds(args[++i]);
      } else if (a.startsWith("--timeout=") && timeout == 0) {
        timeout = seconds(a.substring("--timeout=".length()));
      } else if (!a.startsWith("-") && !a.startsWith("@")) {
        positional.add(a);
      } else {
        return NOT_QUICK;
      }
      if (timeout < 0) {
        return NOT_QUICK;
      }
    }
    Duration limit = timeout == 0 ? DEFAULT_TIMEOUT : Duration.ofSeconds(timeout);
    if (status) {
      return positional.size() != 1 ? NOT_QUICK
          : Commands.send(out, err, positional.get(0), json ? "status=json" : "status=text", false, limit);
    }
    if (rollback) {
      if (positional.isEmpty() || all == (positional.size() > 1)) {
        return NOT_QUICK;
      }
      StringBuilder ids = new StringBuilder();
      for (String id : positional.subList(1, positional.size())) {
        if (!isId(id)) {
          return NOT_QUICK;
        }
        ids.append(ids.length() == 0 ? "" : "+").append(id);
      }
      return Commands.send(out, err, positional.get(0), "rollback=" + (all ? "*" : ids.toString()), false, limit);
    }
    return positional.isEmpty() ? JvmsCommand.list(out, err, limit) : NOT_QUICK;
  }

  // A positive number of seconds, or -1 for the full parser to explain.
  private static int seconds(String text) {
    if (text.isEmpty() || text.length() > 9) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    int value = Integer.parseInt(text);
    return value < 1 ? -1 : value;
  }

  /** Whether {@code id} is a patch id: 1-64 of {@code [A-Za-z0-9._-]}, as the manifest allows. */
  static boolean isId(String id) {
    if (id.isEmpty() || id.length() > MAX_ID) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}

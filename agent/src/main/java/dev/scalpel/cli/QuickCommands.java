package dev.scalpel.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The usual forms of the commands an operator waits on, run without the argument parser, whose
 * start-up (reading every command's annotations) costs more than the command's own work:
 * {@code status PID [--json]}, {@code rollback PID (ID... | --all)}, {@code jvms} and
 * {@code attach PID MANIFEST} with any of its options, each with an optional
 * {@code --timeout SECONDS} or {@code --timeout=SECONDS}, options anywhere after the command.
 * Anything else (help, a version, an unknown option, an option given twice, a bad id, level or
 * timeout, a missing or extra argument, an attach manifest that is not a file, an {@code @file} of
 * arguments) is {@link #NOT_QUICK}, for {@link ScalpelCommand} to parse, so a usage error reads the
 * same whichever way the command came. {@code QuickCommandsTest} runs both ways.
 */
final class QuickCommands {

  /** What {@link #run} returns for arguments it leaves to the full parser. */
  static final int NOT_QUICK = -1;

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_ID = 64;
  // attach's options that take a value, and their indexes.
  private static final String[] ATTACH_OPTIONS = {"--audit", "--trust", "--policy", "--log", "--timeout"};
  private static final int AUDIT = 0;
  private static final int TRUST = 1;
  private static final int POLICY = 2;
  private static final int LOG = 3;
  private static final int TIMEOUT = 4;

  private QuickCommands() {}

  /** Runs {@code args} if they are a quick form and returns the exit code, else {@link #NOT_QUICK}. */
  static int run(PrintWriter out, PrintWriter err, String[] args) {
    if (args.length == 0) {
      return NOT_QUICK;
    }
    String command = args[0];
    if (command.equals("attach")) {
      return attach(out, err, args);
    }
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

  // attach PID MANIFEST [--audit PATH] [--trust KEYS] [--policy POLICY] [--log LEVEL] [--no-watch]
  // [--timeout S], each option at most once, as VALUE or =VALUE; a manifest that is not a file, a
  // bad level or a path with ',' is left to the parser, which says what is wrong.
  private static int attach(PrintWriter out, PrintWriter err, String[] args) {
    List<String> positional = new ArrayList<>();
    String[] values = new String[ATTACH_OPTIONS.length];
    boolean noWatch = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      int option = attachOption(a);
      if (option >= 0) {
        String value;
        if (a.indexOf('=') > 0) {
          value = a.substring(a.indexOf('=') + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          return NOT_QUICK;
        }
        if (values[option] != null || value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
          return NOT_QUICK;
        }
        values[option] = value;
      } else if (a.equals("--no-watch") && !noWatch) {
        noWatch = true;
      } else if (!a.isEmpty() && !a.startsWith("-") && !a.startsWith("@")) {
        positional.add(a);
      } else {
        return NOT_QUICK;
      }
    }
    int timeout = values[TIMEOUT] == null ? 0 : seconds(values[TIMEOUT]);
    String log = values[LOG];
    if (positional.size() != 2 || timeout < 0 || (log != null && !AttachCommand.isLevel(log))) {
      return NOT_QUICK;
    }
    Path manifest = Path.of(positional.get(1));
    if (!Files.isRegularFile(manifest)) {
      return NOT_QUICK;
    }
    String options = AttachCommand.options(manifest, path(values[AUDIT]), path(values[TRUST]), path(values[POLICY]),
        log, noWatch);
    if (options == null) {
      return NOT_QUICK;
    }
    return Commands.send(out, err, positional.get(0), options, true,
        timeout == 0 ? DEFAULT_TIMEOUT : Duration.ofSeconds(timeout));
  }

  // The index of the attach option with a value that {@code arg} names (alone or as NAME=VALUE), or -1.
  private static int attachOption(String arg) {
    for (int o = 0; o < ATTACH_OPTIONS.length; o++) {
      String name = ATTACH_OPTIONS[o];
      if (arg.equals(name) || (arg.startsWith(name) && arg.length() > name.length() && arg.charAt(name.length()) == '=')) {
        return o;
      }
    }
    return -1;
  }

  private static Path path(String value) {
    return value == null ? null : Path.of(value);
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

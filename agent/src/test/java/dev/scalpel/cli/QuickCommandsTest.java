package dev.scalpel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The argument parser's bypass answers exactly as the parser does, and leaves it everything else. */
final class QuickCommandsTest {

  // No process has this id: every command that reaches for it fails the same way, quickly.
  private static final String NO_JVM = "2147483646";

  @Test
  void run_usualForms_sameExitAndMessagesAsTheParser() {
    String[][] forms = {
        {"status", NO_JVM},
        {"status", NO_JVM, "--json"},
        {"status", "--json", NO_JVM, "--timeout", "5"},
        {"status", NO_JVM, "--timeout=5"},
        {"rollback", NO_JVM, "--all"},
        {"rollback", NO_JVM, "P-1", "P.2_x"},
        {"rollback", "--timeout", "7", NO_JVM, "P-1"},
    };
    assertSameAsTheParser(forms);
  }

  @Test
  void run_attachForms_sameExitAndMessagesAsTheParser(@TempDir Path dir) throws IOException {
    String manifest = Files.writeString(dir.resolve("m.yaml"), "scalpel: 1\npatches: []\n").toString();
    String[][] forms = {
        {"attach", NO_JVM, manifest},
        {"attach", NO_JVM, manifest, "--no-watch", "--log", "debug", "--timeout", "5"},
        {"attach", "--audit", dir.resolve("a.jsonl").toString(), NO_JVM, manifest, "--trust=" + dir.resolve("k.pem")},
        {"attach", NO_JVM, manifest, "--policy", dir.resolve("p.yaml").toString(), "--log=warn", "--timeout=5"},
    };
    assertSameAsTheParser(forms);
  }

  @Test
  void run_attachOtherForms_leftToTheParser(@TempDir Path dir) throws IOException {
    String manifest = Files.writeString(dir.resolve("m.yaml"), "scalpel: 1\npatches: []\n").toString();
    String[][] forms = {
        {"attach", "1"},
        {"attach", "1", manifest, "extra"},
        {"attach", "1", dir.resolve("absent.yaml").toString()},
        {"attach", "1", manifest, "--log", "loud"},
        {"attach", "1", manifest, "--log"},
        {"attach", "1", manifest, "--audit", "a.jsonl", "--audit", "b.jsonl"},
        {"attach", "1", manifest, "--audit", "a,b.jsonl"},
        {"attach", "1", manifest, "--audit="},
        {"attach", "1", manifest, "--audit", "--no-watch"},
        {"attach", "1", manifest, "--no-watch", "--no-watch"},
        {"attach", "1", manifest, "--timeout", "0"},
        {"attach", "1", manifest, "--help"},
        {"attach", "1", manifest, "--auditx=a"},
        {"attach", "@args"},
    };
    for (String[] args : forms) {
      StringWriter out = new StringWriter();
      assertThat(QuickCommands.run(new PrintWriter(out, true), new PrintWriter(out, true), args))
          .as(Arrays.toString(args)).isEqualTo(QuickCommands.NOT_QUICK);
      assertThat(out.toString()).as(Arrays.toString(args)).isEmpty();
    }
  }

  @Test
  void run_anythingElse_leftToTheParser() {
    String[][] forms = {
        {},
        {"validate", "m.yaml"},
        {"status"},
        {"status", "1", "2"},
        {"status", "--help"},
        {"status", "1", "-h"},
        {"status", "1", "--json", "--json"},
        {"status", "1", "--all"},
        {"status", "1", "--timeout"},
        {"status", "1", "--timeout", "0"},
        {"status", "1", "--timeout=-3"},
        {"status", "1", "--timeout", "x"},
        {"status", "1", "--timeout", "5", "--timeout", "6"},
        {"status", "@args"},
        {"status", "1", "--"},
        {"rollback", "1"},
        {"rollback", "1", "P-1", "--all"},
        {"rollback", "1", "not an id"},
        {"rollback", "1", "x".repeat(65)},
        {"rollback", "1", "--json"},
        {"jvms", "1"},
        {"jvms", "--version"},
    };
    for (String[] args : forms) {
      StringWriter out = new StringWriter();
      assertThat(QuickCommands.run(new PrintWriter(out, true), new PrintWriter(out, true), args))
          .as(Arrays.toString(args)).isEqualTo(QuickCommands.NOT_QUICK);
      assertThat(out.toString()).as(Arrays.toString(args)).isEmpty();
    }
  }

  @Test
  void isId_theManifestsIdRule() {
    assertThat(QuickCommands.isId("PRICE-1432.a_b")).isTrue();
    assertThat(QuickCommands.isId("x".repeat(64))).isTrue();
    for (String bad : new String[] {"", "x".repeat(65), "a b", "a+b", "a,b", "é", "a/b"}) {
      assertThat(QuickCommands.isId(bad)).as(bad).isFalse();
    }
  }

  @Test
  void row_asTheFormatterLaysItOut() {
    String[][] rows = {{"PID", "SCALPEL", "MAIN"}, {"7", "-", "Sleeper"}, {"1234567890", "0.1.0-SNAPSHOT-LONGER", "m"},
        {"", "", ""}};
    for (String[] r : rows) {
      assertThat(JvmsCommand.row(r[0], r[1], r[2])).isEqualTo(String.format("%-8s %-16s %s", r[0], r[1], r[2]));
    }
  }

  /**
   * Each form, run by the quick path and by the parser against a JVM that does not exist, exits
   * the same (unreachable) and prints the same, naming the JVM.
   */
  private static void assertSameAsTheParser(String[][] forms) {
    for (String[] args : forms) {
      StringWriter quickOut = new StringWriter();
      StringWriter quickErr = new StringWriter();
      int quick = QuickCommands.run(new PrintWriter(quickOut, true), new PrintWriter(quickErr, true), args);
      StringWriter parsedOut = new StringWriter();
      StringWriter parsedErr = new StringWriter();
      int parsed = ScalpelCommand.execute(new PrintWriter(parsedOut, true), new PrintWriter(parsedErr, true), args);
      String form = Arrays.toString(args);
      assertThat(quick).as(form).isEqualTo(parsed).isEqualTo(Commands.UNREACHABLE);
      assertThat(quickErr.toString()).as(form).isEqualTo(parsedErr.toString()).contains(NO_JVM);
      assertThat(quickOut.toString()).as(form).isEqualTo(parsedOut.toString());
    }
  }
}

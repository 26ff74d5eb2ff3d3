package dev.scalpel.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The agent's answer to the command line: text whose first line is {@code ok}, {@code refused}
 * or {@code failed}, followed by the lines to show. It goes over the {@link ControlSocket}, or, when
 * the command line loads the agent, into a file the command line created in a folder only its user
 * can read (the agent runs as the same user: the attach mechanism guarantees it).
 */
final class Reply {

  /** How a command ended, as the first line of the reply says. */
  enum Outcome { OK, REFUSED, FAILED }

  private Reply() {}

  /** The reply's text: the outcome's line, then each line. */
  static String text(Outcome outcome, List<String> lines) {
    StringBuilder text = new StringBuilder(outcome.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
    for (String l : lines) {
      text.append(l).append('\n');
    }
    return text.toString();
  }

  static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}

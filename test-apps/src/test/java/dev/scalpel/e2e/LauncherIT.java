package dev.scalpel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./scalpel} launcher's class-data archive: made on a command's first use, used from
 * then on, and left out, with the same answers, where it cannot be written.
 */
final class LauncherIT {

  private static final long MINUTES = 3;

  /** Checks the launcher's promise that a command's second run loads its classes from the archive its first made. */
  @AcrossJdks
  void status_firstUseMakesTheArchiveSecondLoadsFromIt(Jdk jdk, @TempDir Path dir) throws Exception {
    try (AgentWithSocket agent = AgentWithSocket.start(jdk, dir)) {
      Path archives = dir.resolve("archives");
      Result first = launch(jdk, dir, archives.toString(), null, "status", String.valueOf(agent.app().pid()), "--json");
      assertEquals(List.of("PRICE-1 active"), AgentStatus.parse(first.stdout.strip()).states(), first::toString);
      assertEquals("", first.stderr, first::toString);
      List<Path> made;
      try (Stream<Path> files = Files.list(archives)) {
        made = files.toList();
      }
      assertEquals(1, made.size(), made::toString);
      assertTrue(made.get(0).getFileName().toString().matches("status-.+\\.jsa"), made::toString);

      Path classes = dir.resolve("classes.log");
      Result second = launch(jdk, dir, archives.toString(), "-Xlog:class+load=info:file=" + classes, "status",
          String.valueOf(agent.app().pid()), "--json");
      assertEquals(List.of("PRICE-1 active"), AgentStatus.parse(second.stdout.strip()).states(), second::toString);
      String loaded = Files.readString(classes, StandardCharsets.UTF_8);
      assertTrue(loaded.contains("dev.scalpel.cli.QuickCommands source: shared objects file (top)"),
          () -> "the second run did not load the command line's classes from the archive:\n" + loaded);
      agent.app().stop();
    }
  }

  /**
   * Guards against a status answered at the agent's derived control socket paying the attach
   * mechanism's start-up: it loads neither the attach client nor any class of {@code jdk.attach}.
   */
  @AcrossJdks
  void status_agentAtDerivedSocket_loadsNoAttachClasses(Jdk jdk, @TempDir Path dir) throws Exception {
    try (AgentWithSocket agent = AgentWithSocket.start(jdk, dir)) {
      Path classes = dir.resolve("classes.log");
      Result run = launch(jdk, dir, dir.resolve("archives").toString(), "-Xlog:class+load=info:file=" + classes, "status",
          String.valueOf(agent.app().pid()), "--json");
      assertEquals(List.of("PRICE-1 active"), AgentStatus.parse(run.stdout.strip()).states(), run::toString);
      String loaded = Files.readString(classes, StandardCharsets.UTF_8);
      assertTrue(loaded.contains("dev.scalpel.cli.DerivedSocket "), () -> "the status did not run:\n" + loaded);
      assertFalse(loaded.contains("dev.scalpel.cli.AttachClient ") || loaded.contains("com.sun.tools.attach."),
          () -> "the status loaded the attach mechanism's classes:\n" + loaded);
      agent.app().stop();
    }
  }

  /** Guards against a folder that cannot take the archive failing the command or changing its output. */
  @AcrossJdks
  void status_archiveCannotBeWritten_sameAnswerWithoutOne(Jdk jdk, @TempDir Path dir) throws Exception {
    try (AgentWithSocket agent = AgentWithSocket.start(jdk, dir)) {
      Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
      Result run = launch(jdk, dir, file.resolve("archives").toString(), null, "status", String.valueOf(agent.app().pid()), "--json");
      assertEquals(List.of("PRICE-1 active"), AgentStatus.parse(run.stdout.strip()).states(), run::toString);
      assertEquals("", run.stderr, run::toString);
      assertEquals("not a folder", Files.readString(file));
      agent.app().stop();
    }
  }

  private record Result(int exit, String stdout, String stderr) {}

  // Runs ./scalpel ARGS with jdk's java first on the path and its archives in archiveDir.
  private static Result launch(Jdk jdk, Path dir, String archiveDir, String javaOptions, String... args)
      throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of("bash", root.resolve("scalpel").toString()),
        Stream.of(args)).toList()).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put("PATH", jdk.java().getParent() + File.pathSeparator + System.getenv("PATH"));
    builder.environment().put("SCALPEL_CDS_DIR", archiveDir);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    if (javaOptions != null) {
      builder.environment().put("JDK_JAVA_OPTIONS", javaOptions);
    }
    Process p = builder.start();
    boolean done = p.waitFor(MINUTES, TimeUnit.MINUTES);
    if (!done) {
      p.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
    }
    Result result = new Result(done ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
    assertTrue(done, () -> "./scalpel " + String.join(" ", args) + " did not end within " + MINUTES + " minutes: " + result);
    assertEquals(Scalpel.OK, result.exit(), result::toString);
    return result;
  }
}

package dev.scalpel.agent;

import dev.scalpel.dsl.Manifest;
import dev.scalpel.dsl.ManifestException;
import dev.scalpel.dsl.ManifestParser;
import dev.scalpel.engine.ApplyException;
import dev.scalpel.engine.PatchEngine;
import dev.scalpel.engine.PatchStatus;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/** The running agent: one per JVM, created on the first start and reused by later ones. */
final class AgentRuntime {

  private static AgentRuntime instance;

  private final AgentLog log;
  private final PatchEngine engine;

  private AgentRuntime(AgentLog log, PatchEngine engine) {
    this.log = log;
    this.engine = engine;
  }

  /** Starts the agent, or hands a new manifest to the one already running. */
  static synchronized void start(String optionText, Instrumentation instrumentation) throws IOException {
    AgentOptions options;
    try {
      options = AgentOptions.parse(optionText);
    } catch (IllegalArgumentException e) {
      System.err.println("scalpel: error: " + e.getMessage() + "; the agent did not start");
      return;
    }
    if (instance == null) {
      BootstrapJar.inject(instrumentation);
      AgentLog log = new AgentLog(System.err, options.log());
      instance = new AgentRuntime(log, new PatchEngine(instrumentation, log));
    }
    if (options.manifest().isEmpty()) {
      instance.log.error("no manifest given; start the agent with manifest=PATH");
      return;
    }
    instance.apply(options.manifest().get());
  }

  // One problem per line, each tagged, so that an operator's grep finds every one.
  private void rejected(Path file, java.util.List<String> problems) {
    log.error("manifest " + file + " rejected, nothing applied (" + problems.size()
        + (problems.size() == 1 ? " problem):" : " problems):"));
    problems.forEach(p -> log.error("  " + p));
  }

  private void apply(Path file) {
    Manifest manifest;
    try {
      manifest = ManifestParser.parse(file);
    } catch (ManifestException e) {
      rejected(file, e.problems().stream().map(Object::toString).toList());
      return;
    }
    Path folder = file.toAbsolutePath().getParent();
    try {
      engine.apply(manifest, file.toString(), folder);
    } catch (ApplyException e) {
      rejected(file, e.problems());
      return;
    }
    for (PatchStatus s : engine.status()) {
      log.info("patch '" + s.id() + "' " + s.state() + ": " + s.target());
    }
  }
}

package dev.scalpel.agent;

import java.io.IOException;
import java.util.function.Function;

/**
 * The control server's life: opens the {@link ControlSocket} (at once, or later on the agent's
 * background start), publishes its path in {@value ControlSocket#PROPERTY}, and closes it when the
 * JVM exits. Once closed it opens nothing again, so a background start that comes after the JVM
 * began to exit leaves no thread waiting in native code (the JVM's exit would wait up to 300 ms
 * for it).
 */
final class ControlServer implements AutoCloseable {

  private final Function<String, String> handler;
  private final AgentLog log;
  private ControlSocket socket;
  private boolean closed;

  /** A server, not yet open, that hands each request line to {@code handler}. */
  ControlServer(Function<String, String> handler, AgentLog log) {
    this.handler = handler;
    this.log = log;
  }

  /**
   * Opens the socket, starts serving it and publishes its path; does nothing if it is open
   * already or was closed.
   *
   * @throws IOException naming every place tried and why it failed ({@link ControlSocket#open})
   */
  synchronized void open() throws IOException {
    if (closed || socket != null) {
      return;
    }
    socket = ControlSocket.open(handler, log);
    socket.start();
    System.setProperty(ControlSocket.PROPERTY, socket.path().toString());
  }

  /** Stops serving and removes the socket, if open; no later {@link #open} opens it again. */
  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (socket != null) {
      socket.close();
    }
  }
}

package dev.scalpel.agent;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The agent's control channel once it runs: a Unix domain socket in a folder only the JVM's OS
 * user can enter (mode 0700, owned by that user), so it is reachable by exactly the users the
 * JDK's attach mechanism admits, and it opens no network port. Its path is derived from the JVM's
 * ids ({@link ControlPath}) so the command line finds it with no attach at all; it is also published
 * in a system property, which the command line reads through the attach mechanism (loading nothing
 * into the JVM) where the derived path is not in use.
 *
 * <p>One request per connection: a line of agent options (for example {@code status=json}) of at
 * most {@value #MAX_REQUEST} bytes, sent within {@link #READ_TIMEOUT}; the answer is the reply text
 * ({@code ok|refused|failed} and lines), then the connection closes. Connections are served
 * concurrently by a few threads, so an idle or slow client delays no other; a request that is too
 * large, too slow or fails inside the agent gets a {@code refused} or {@code failed} line saying
 * so, never a stack trace ({@code ControlSocketTest} shows each case). Each connection's peer
 * must be the JVM's own OS user or root, as the kernel reports it ({@link PeerCheck}); any other
 * user gets one {@code refused} line before its request is read.
 */
public final class ControlSocket implements AutoCloseable {

  /** The system property that holds the socket's path. */
  public static final String PROPERTY = "dev.scalpel.control";

  /** The most bytes a request line may take. */
  static final int MAX_REQUEST = 64 * 1024;
  /** How long a client has to send its request line once connected. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  /** How long a client has to take the whole answer once it is ready. */
  static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
  /** The most bytes a Unix socket path may take on Linux: 108 with the terminating zero byte. */
  static final int MAX_SOCKET_PATH = 107;

  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  private static final int THREADS = 4;
  private static final int QUEUED = 16;

  private final Path dir;
  private final boolean ownsDir;
  private final Path socket;
  private final ServerSocketChannel server;
  private final Function<String, String> handler;
  private final AgentLog log;
  private final Duration readTimeout;
  private final UserPrincipal self;
  private final ThreadPoolExecutor workers;

  private ControlSocket(Path socket, boolean ownsDir, ServerSocketChannel server, Function<String, String> handler,
      AgentLog log, Duration readTimeout, UserPrincipal self) {
    this.dir = socket.getParent();
    this.ownsDir = ownsDir;
    this.self = self;
    this.socket = socket;
    this.server = server;
    this.handler = handler;
    this.log = log;
    this.readTimeout = readTimeout;
    this.workers = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED),
        new Workers());
    workers.allowCoreThreadTimeOut(true);
  }

  /**
   * Binds the socket where the command line finds it without the attach mechanism
   * ({@link ControlPath}); where that cannot be, in a new folder under the first of the JVM's
   * {@code java.io.tmpdir} and {@code /tmp} where the socket's path fits the
   * {@value #MAX_SOCKET_PATH}-byte limit and the bind succeeds (the command line then finds it
   * through the system property). It serves nothing until {@link #start()}.
   *
   * @throws IOException naming every place tried and why it failed
   */
  static ControlSocket open(Function<String, String> handler, AgentLog log) throws IOException {
    String derived;
    try {
      derived = ControlPath.own();
    } catch (IOException | RuntimeException e) {
      derived = null;
      log.debug("control socket: no path derived from /proc/self (" + e + "); a private folder will do");
    }
    if (derived != null) {
      try {
        return openShared(Path.of(derived), handler, log, READ_TIMEOUT);
      } catch (IOException | RuntimeException e) {
        log.info("control socket: cannot use " + derived + " (" + e.getMessage() + "); commands will find the socket"
            + " through the attach mechanism instead");
      }
    }
    Set<Path> bases = new LinkedHashSet<>();
    bases.add(Path.of(System.getProperty("java.io.tmpdir")));
    bases.add(Path.of("/tmp"));
    return open(List.copyOf(bases), handler, log, READ_TIMEOUT);
  }

  /**
   * Binds the socket at {@code socket}, in a folder that several JVMs of this user share: the
   * folder is made (mode 0700) if it is missing, and used only if it is a real folder of this
   * JVM's user closed to everyone else. A socket file left there by a JVM that is gone is
   * replaced; one that a live process serves is left alone, and this fails. The sockets that other
   * JVMs that are gone left in the folder are removed ({@link StaleSockets}).
   *
   * @throws IOException saying which of those does not hold
   */
  static ControlSocket openShared(Path socket, Function<String, String> handler, AgentLog log, Duration readTimeout)
      throws IOException {
    Path dir = socket.getParent();
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // Made by an earlier JVM of this user, or by someone else: the checks below tell which.
    }
    Object folderUid = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    Object ownUid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !folderUid.equals(ownUid)) {
      throw new IOException(dir + " is not a folder of this JVM's user (uid " + ownUid + ")");
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    if (!OWNER_ONLY.containsAll(mode)) {
      throw new IOException(dir + " is open to other users (mode " + PosixFilePermissions.toString(mode) + ")");
    }
    if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
      if (served(socket)) {
        throw new IOException(socket + " is served by a live process");
      }
      Files.delete(socket);
    }
    StaleSockets.sweep(socket, log);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return new ControlSocket(socket, false, server, handler, log, readTimeout, Files.getOwner(dir));
  }

  /** Whether a process accepts connections on {@code socket}. */
  static boolean served(Path socket) {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      return probe.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  /** As {@link #open(Function, AgentLog)}, in the first folder of {@code bases} that works. */
  static ControlSocket open(List<Path> bases, Function<String, String> handler, AgentLog log, Duration readTimeout)
      throws IOException {
    List<String> failures = new ArrayList<>();
    for (Path base : bases) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory(base.toAbsolutePath(), "scalpel-control-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("control");
        int length = socket.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH) {
          throw new IOException("the socket path would take " + length + " bytes, over the limit of " + MAX_SOCKET_PATH);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException | RuntimeException e) {
          server.close();
          throw e;
        }
        // The folder was just made by this process, so its owner is the JVM's user.
        return new ControlSocket(socket, true, server, handler, log, readTimeout, Files.getOwner(dir));
      } catch (IOException | RuntimeException e) {
        failures.add(base + " (" + e.getMessage() + ")");
        if (dir != null) {
          Files.deleteIfExists(dir);
        }
      }
    }
    throw new IOException("cannot open the control socket in " + String.join(" nor in ", failures)
        + "; start the JVM with -Djava.io.tmpdir=DIR naming a short, writable folder");
  }

  /** The socket's path. */
  Path path() {
    return socket;
  }

  // Small classes rather than lambdas: the socket opens while the application starts, where each
  // lambda costs a generated class.
  private static final class Workers implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "scalpel-control-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** The accepting thread's loop, or the serving of one client. */
  private final class Job implements Runnable {
    private final SocketChannel client;

    Job(SocketChannel client) {
      this.client = client;
    }

    @Override
    public void run() {
      if (client == null) {
        accept();
      } else {
        serve(client);
      }
    }
  }

  /** Starts serving connections on a daemon thread. */
  void start() {
    Thread t = new Thread(new Job(null), "scalpel-control");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Stops serving and removes the socket, and its folder if it made it for itself (a shared
   * folder stays for the user's other JVMs). Requests being served are interrupted.
   */
  @Override
  public void close() throws IOException {
    try {
      server.close();
      workers.shutdownNow();
    } finally {
      Files.deleteIfExists(socket);
      if (ownsDir) {
        Files.deleteIfExists(dir);
      }
    }
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (Throwable t) {
        // Don't rethrow: the channel stays open for the next client; a pause keeps a persistent
        // failure (no file descriptors left) from spinning a core.
        log.error("control socket: cannot accept a connection: " + t);
        pause();
        continue;
      }
      try {
        workers.execute(new Job(client));
      } catch (RejectedExecutionException e) {
        answerAndClose(client, Reply.text(Reply.Outcome.FAILED, List.of("the agent is serving "
            + (THREADS + QUEUED) + " requests already; try again")));
      }
    }
  }

  private void serve(SocketChannel client) {
    try (BoundedChannel channel = new BoundedChannel(client, readTimeout)) {
      String answer;
      boolean unread = false;
      Optional<String> refusal = refusal(client);
      if (refusal.isPresent()) {
        // Refused before its request is read: nothing changes, so nothing is audited.
        log.warn("control socket: " + refusal.get());
        channel.bound(WRITE_TIMEOUT);
        channel.write(Reply.text(Reply.Outcome.REFUSED, List.of(refusal.get())).getBytes(StandardCharsets.UTF_8));
        channel.bound(READ_TIMEOUT);
        channel.finish(MAX_REQUEST);
        return;
      }
      try {
        String request = new String(channel.readLine(MAX_REQUEST), StandardCharsets.UTF_8).strip();
        answer = handle(request);
      } catch (BoundedChannel.TooLarge e) {
        unread = true;
        answer = Reply.text(Reply.Outcome.REFUSED, List.of("the request is longer than " + MAX_REQUEST
            + " bytes; nothing was done"));
      } catch (SocketTimeoutException e) {
        log.warn("control socket: a client sent no request line within " + readTimeout.toMillis() + " ms; closed");
        answer = Reply.text(Reply.Outcome.REFUSED, List.of("no request line came within " + readTimeout.toMillis()
            + " ms; nothing was done"));
      }
      channel.bound(WRITE_TIMEOUT);
      channel.write(answer.getBytes(StandardCharsets.UTF_8));
      if (unread) {
        channel.bound(READ_TIMEOUT);
        channel.finish(MAX_REQUEST);
      }
    } catch (Throwable t) {
      // Don't rethrow: one bad client must not stop the channel, and the application never sees it.
      log.warn("control socket: a request failed: " + t);
    }
  }

  // Fails closed: a peer whose user cannot be told (no SO_PEERCRED on this system, or a runtime
  // image without the jdk.net module) is refused too.
  private Optional<String> refusal(SocketChannel client) {
    UnixDomainPrincipal peer;
    try {
      peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
    } catch (IOException | RuntimeException | LinkageError e) {
      return Optional.of("refused: cannot tell which user connected (" + e + "); nothing was done");
    }
    return PeerCheck.refusal(peer.user(), self);
  }

  private String handle(String request) {
    try {
      return handler.apply(request);
    } catch (Throwable t) {
      log.error("control socket: the request '" + request + "' failed: " + t);
      return Reply.text(Reply.Outcome.FAILED, List.of("the agent failed on this request (" + t
          + "); see the JVM's standard error"));
    }
  }

  private void answerAndClose(SocketChannel client, String answer) {
    try (BoundedChannel channel = new BoundedChannel(client, WRITE_TIMEOUT)) {
      channel.write(answer.getBytes(StandardCharsets.UTF_8));
    } catch (Throwable t) {
      log.warn("control socket: cannot refuse a client: " + t);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** As {@link ControlClient#request(Path, String, Duration)}. */
  public static String request(Path path, String request, Duration timeout) throws IOException {
    return ControlClient.request(path, request, timeout);
  }

  /** As {@link ControlClient#request(SocketChannel, String, Duration)}. */
  public static String request(SocketChannel connected, String request, Duration timeout) throws IOException {
    return ControlClient.request(connected, request, timeout);
  }
}

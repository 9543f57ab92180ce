package dev.surge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy in front of a real engine whose link a test can cut and restore, so fault
 * tests take an engine away from one client without stopping the engine that other tests share.
 *
 * <p>{@link #cut()} closes every open connection and then drops new ones at once; {@link
 * #blackhole()} keeps accepting but forwards nothing, like a partition where packets vanish.
 */
public final class TcpProxy implements AutoCloseable {

  private enum Mode {
    FORWARD,
    CUT,
    BLACKHOLE
  }

  private final InetSocketAddress target;
  private final ServerSocket server;
  private final ExecutorService pumps = Executors.newCachedThreadPool(TcpProxy::daemon);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.FORWARD;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    pumps.execute(this::acceptLoop);
  }

  /** Starts a proxy on a free loopback port that forwards to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    try {
      return new TcpProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public String address() {
    return "127.0.0.1:" + port();
  }

  /** Closes all open connections and refuses (closes at once) new ones until {@link #restore()}. */
  public void cut() {
    mode = Mode.CUT;
    closeOpen();
  }

  /** Closes all open connections; new ones are accepted but nothing is forwarded either way. */
  public void blackhole() {
    mode = Mode.BLACKHOLE;
    closeOpen();
  }

  public void restore() {
    mode = Mode.FORWARD;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    closeOpen();
    pumps.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        switch (mode) {
          case CUT -> client.close();
          case BLACKHOLE -> open.add(client);
          case FORWARD -> connect(client);
        }
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 2_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    open.add(client);
    open.add(upstream);
    pumps.execute(() -> pump(client, upstream));
    pumps.execute(() -> pump(upstream, client));
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (mode != Mode.FORWARD) {
          break;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException ignored) {
      // one side went away; close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeOpen() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  private void closeQuietly(Socket socket) {
    open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "tcp-proxy");
    thread.setDaemon(true);
    return thread;
  }
}
